/*
 * Benchmark: `node --import=@poppinss/ts-exec bench/run.ts` (or `bash bench/run.sh`).
 *
 * 1. builds the app (`node ace build`, `npm ci --omit=dev` in build/), unless BENCH_SKIP_BUILD=1
 *    and build/ exists;
 * 2. per database (SQLite; PostgreSQL with Redis): loads the demo data set once and keeps a snapshot
 *    of it (database <BENCH_PG_DB>_snapshot, tmp/bench-snapshot.sqlite3); later runs restore it while
 *    tmp/bench-<db>.json says the same sizes were loaded (BENCH_RESEED=1 reloads),
 *    starts the built server (`node bin/server.js`) with a driver-level query counter, and measures
 *    each scenario with autocannon;
 * 3. runs each list/detail scenario, cost at a date and cost history on the app and on
 *    bench/floor_server.ts (bare node:http, same driver) in alternating turns, then the write
 *    scenarios on the app;
 * 4. measures the cost chart on the app alone (the price reads are skipped while their routes
 *    answer 404), then, with the server stopped, times a KAMIS-sized daily
 *    `node ace prices:import` (every catalogue ingredient newer: every recipe repriced) and counts
 *    its SQL statements with the same counter;
 * 5. prints the tables and writes bench/results/<time>.json.
 *
 * Environment: BENCH_SCALE (1 = 5,000 members, 50,000 recipes, 200,000 likes, 100,000 comments),
 * BENCH_DURATION (measured seconds per scenario and server, 10), BENCH_ROUNDS (turns a read's
 * measured time is cut into, alternating app and floor, 3), BENCH_WARMUP (unmeasured seconds before
 * each scenario, 2), BENCH_CONNECTIONS (50), BENCH_DBS (sqlite,pg), BENCH_SCENARIOS (comma-separated parts of
 * scenario names to run, e.g. "page 1,likes"; all by default except the opt-in "mixed" load:
 * reads, recipe writes, likes and logins interleaved, for the server's peak memory under all of
 * them at once; BENCH_SCENARIOS=mixed runs it alone),
 * BENCH_PG_DB (hankki_bench), BENCH_REDIS_KEY_PREFIX (hankki-bench:), BENCH_PORT (3370; +1 floor), BENCH_NODE_OPTIONS,
 * BENCH_UV_THREADPOOL_SIZE, BENCH_MALLOC_ARENA_MAX and BENCH_MALLOC_MMAP_THRESHOLD_ (the app
 * server's NODE_OPTIONS, UV_THREADPOOL_SIZE, MALLOC_ARENA_MAX and MALLOC_MMAP_THRESHOLD_; by
 * default the values the Dockerfile sets for the image, so the server runs as in production).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { scrypt } from 'node:crypto'
import pg from 'pg'

const require = createRequire(import.meta.url)

interface AutocannonResult {
  'requests': { average: number }
  'latency': { p50: number; p99: number }
  'non2xx': number
  'errors': number
  'timeouts': number
  '2xx': number
}
interface CannonRequest {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
}
const autocannon = require('autocannon') as ((
  options: Record<string, unknown>
) => Promise<AutocannonResult>) & {
  aggregateResult(runs: unknown[], options: Record<string, unknown>): AutocannonResult
}

interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): any[]; run(...params: unknown[]): unknown }
  exec(sql: string): void
  close(): void
}
const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDatabase

const ROOT = process.cwd()
const BUILD = join(ROOT, 'build')
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
/*
 * Each scenario first runs unmeasured for this long, on the app and on the floor alike: the
 * figures are then of JIT-compiled code with its modules loaded, not of a server's first seconds.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
/* A read's measured time is cut into this many turns, alternating with its floor's (see measure()). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean)
/* The mixed load runs only when asked for by name (BENCH_SCENARIOS=mixed): it is long and slow. */
const MIXED = 'mixed reads, writes and logins (auth)'
const selected = (scenario: { name: string }) =>
  scenario.name === MIXED
    ? SCENARIOS.some((part) => part.includes('mixed'))
    : SCENARIOS.length === 0 || SCENARIOS.some((part) => scenario.name.includes(part))
const DBS = (process.env.BENCH_DBS ?? 'sqlite,pg').split(',').filter(Boolean) as Array<
  'sqlite' | 'pg'
>
const PG_DB = process.env.BENCH_PG_DB ?? 'hankki_bench'
const PORT = Number(process.env.BENCH_PORT ?? 3370)
const FLOOR_PORT = PORT + 1
const SQLITE_FILE = '../tmp/bench.sqlite3' /* relative to build/, i.e. tmp/bench.sqlite3 */
const APP_KEY = 'bench-only-app-key-0123456789abcdefghijk'
/* Production scrypt settings (config/hash.ts outside tests). */
const SCRYPT = { N: 16384, r: 8, p: 5, maxmem: 64 * 1024 * 1024 }

const SIZES = {
  members: Math.max(60, Math.round(5000 * SCALE)),
  recipes: Math.max(100, Math.round(50_000 * SCALE)),
  likes: Math.round(200_000 * SCALE),
  comments: Math.round(100_000 * SCALE),
}
/* Days of daily prices demo:seed writes for every catalogue ingredient (its default). */
const PRICE_HISTORY_DAYS = 365
const TOKEN_MEMBERS = 20
/* Title of the recipes the write scenario creates: not matched by the `q` scenarios. */
const BENCH_TITLE = '벤치마크 레시피'

const log = (message: string) => console.error(`[bench] ${message}`)

/* A variable the Dockerfile's runtime stage sets with ENV (quoted or not). */
async function imageEnv(name: string) {
  const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8')
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
  const match = new RegExp(`\\b${name}=("([^"]*)"|(\\S+))`).exec(runtime)
  return match ? (match[2] ?? match[3]) : ''
}

/* The app server's (and the import's) process settings: the image's unless overridden. */
const PROCESS_ENV = {
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? (await imageEnv('NODE_OPTIONS')),
  UV_THREADPOOL_SIZE:
    process.env.BENCH_UV_THREADPOOL_SIZE ?? (await imageEnv('UV_THREADPOOL_SIZE')),
  MALLOC_ARENA_MAX: process.env.BENCH_MALLOC_ARENA_MAX ?? (await imageEnv('MALLOC_ARENA_MAX')),
  MALLOC_MMAP_THRESHOLD_:
    process.env.BENCH_MALLOC_MMAP_THRESHOLD_ ?? (await imageEnv('MALLOC_MMAP_THRESHOLD_')),
}

function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' })
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))
    )
  })
}

function serverEnv(db: 'sqlite' | 'pg', port: number): Record<string, string> {
  const common = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    APP_KEY,
    LOG_LEVEL: 'info',
    COOKIE_SECURE: 'false',
    /* The benchmark measures throughput, not the limiter: raise the limits. */
    RATE_LIMIT_LOGIN_FAILURES: '1000000',
    RATE_LIMIT_SIGNUPS_PER_HOUR: '1000000',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    LIMITER_STORE: '',
    TOKEN_STORE: '',
  }
  return db === 'sqlite'
    ? { ...common, DB_CONNECTION: 'sqlite', SQLITE_FILE, REDIS_HOST: '' }
    : {
        ...common,
        DB_CONNECTION: 'pg',
        DATABASE_URL: '',
        PG_HOST: '127.0.0.1',
        PG_PORT: '5432',
        PG_USER: 'postgres',
        PG_DB_NAME: PG_DB,
        REDIS_HOST: '127.0.0.1',
        REDIS_PORT: '6379',
        REDIS_DB: '15',
        REDIS_KEY_PREFIX: process.env.BENCH_REDIS_KEY_PREFIX ?? 'hankki-bench:',
      }
}

async function build() {
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(join(BUILD, 'bin/server.js'))) {
    log('reusing build/')
    return
  }
  log('building (node ace build, npm ci --omit=dev)')
  await sh(process.execPath, ['ace', 'build'], ROOT)
  await sh(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    BUILD
  )
}

/* One SQL helper for the runner's own reads (pairs, usernames, ANALYZE). */
async function withDatabase<T>(
  db: 'sqlite' | 'pg',
  work: (sql: (text: string, params?: unknown[]) => Promise<any[]>) => Promise<T>
) {
  if (db === 'sqlite') {
    const sqlite = new Sqlite(join(ROOT, 'tmp/bench.sqlite3'))
    try {
      return await work(async (text, params = []) => {
        const statement = sqlite.prepare(text.replace(/\$\d+/g, '?'))
        return /^\s*select/i.test(text) ? statement.all(...params) : (statement.run(...params), [])
      })
    } finally {
      sqlite.close()
    }
  }
  const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: PG_DB })
  await client.connect()
  try {
    return await work(async (text, params = []) => {
      const result = await client.query(text, params)
      return result.rows
    })
  } finally {
    await client.end()
  }
}

/* The freshly loaded data set, kept beside the database every run starts from. */
const PG_SNAPSHOT = `${PG_DB}_snapshot`
const SQLITE_SNAPSHOT = join(ROOT, 'tmp/bench-snapshot.sqlite3')

/* A connection to the server's maintenance database (CREATE / DROP DATABASE, pg_database). */
async function onPgServer<T>(work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/* Restores `from` as the database `to` (both ours; connections to `to` are closed). */
async function copyPgDatabase(from: string, to: string) {
  await onPgServer(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${to}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${to}" TEMPLATE "${from}"`)
  })
}

async function snapshotExists(db: 'sqlite' | 'pg') {
  if (db === 'sqlite') {
    return existsSync(SQLITE_SNAPSHOT)
  }
  return onPgServer(async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      PG_SNAPSHOT,
    ])
    return rowCount === 1
  })
}

async function removeSqliteFile(file: string) {
  for (const suffix of ['', '-wal', '-shm']) {
    await rm(`${file}${suffix}`, { force: true })
  }
}

/* Copies the loaded (checkpointed) SQLite database to `target`, without its WAL. */
function copySqlite(from: string, target: string) {
  const sqlite = new Sqlite(from)
  try {
    sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    sqlite.exec(`VACUUM INTO '${target.replaceAll("'", "''")}'`)
  } finally {
    sqlite.close()
  }
}

/*
 * Every run starts from the same data: the demo data set is loaded once and
 * kept as a snapshot (a template database on PostgreSQL, a file on SQLite),
 * and each run restores it. Reusing the last run's database instead measured
 * a little more of every write scenario's leftovers each time: ~20,000 more
 * likes per run, and posts' indexes grown by the likes' updates of like_count
 * (the latest-first index at 2.6 times its fresh size after a dozen runs).
 */
async function loadData(db: 'sqlite' | 'pg') {
  const marker = join(ROOT, `tmp/bench-${db}.json`)
  /* demo:seed's year of daily prices is part of the data set: older snapshots lack it. */
  const wanted = JSON.stringify({ ...SIZES, priceHistoryDays: PRICE_HISTORY_DAYS })
  if (
    process.env.BENCH_RESEED === '1' ||
    !existsSync(marker) ||
    (await readFile(marker, 'utf8')) !== wanted ||
    !(await snapshotExists(db))
  ) {
    await rm(marker, { force: true })
    await loadSnapshot(db)
    await writeFile(marker, wanted)
  }
  log(`${db}: restoring the demo data ${wanted}; migrating it to the current schema`)
  if (db === 'pg') {
    await copyPgDatabase(PG_SNAPSHOT, PG_DB)
  } else {
    await removeSqliteFile(join(ROOT, 'tmp/bench.sqlite3'))
    copySqlite(SQLITE_SNAPSHOT, join(ROOT, 'tmp/bench.sqlite3'))
  }
  await sh(process.execPath, ['ace', 'migration:run', '--force'], BUILD, serverEnv(db, PORT))
  await withDatabase(db, (sql) => sql(db === 'pg' ? 'VACUUM ANALYZE' : 'ANALYZE'))
}

/* Loads the demo data set into the benchmark database and keeps it as the snapshot. */
async function loadSnapshot(db: 'sqlite' | 'pg') {
  if (db === 'pg') {
    await sh(process.execPath, ['scripts/ensure_pg_database.mjs', PG_DB], ROOT)
  }
  const env = serverEnv(db, PORT)
  log(`${db}: loading demo data ${JSON.stringify(SIZES)}`)
  const started = Date.now()
  /*
   * Start from an empty database. Not `migration:fresh`: on PostgreSQL it drops
   * the tables but not the counter trigger functions, so re-creating them fails.
   */
  if (db === 'pg') {
    await withDatabase(db, async (sql) => {
      await sql('DROP SCHEMA public CASCADE')
      await sql('CREATE SCHEMA public')
    })
  } else {
    await removeSqliteFile(join(ROOT, 'tmp/bench.sqlite3'))
  }
  await sh(process.execPath, ['ace', 'migration:run', '--force'], BUILD, env)
  await sh(
    process.execPath,
    ['ace', 'db:seed', '--files', 'database/seeders/ingredient_seeder.ts'],
    BUILD,
    env
  )
  await sh(
    process.execPath,
    [
      'ace',
      'demo:seed',
      ...Object.entries(SIZES).flatMap(([key, value]) => [`--${key}`, String(value)]),
    ],
    BUILD,
    env
  )
  await withDatabase(db, (sql) => sql(db === 'pg' ? 'VACUUM ANALYZE' : 'ANALYZE'))
  if (db === 'pg') {
    await copyPgDatabase(PG_DB, PG_SNAPSHOT)
  } else {
    await removeSqliteFile(SQLITE_SNAPSHOT)
    copySqlite(join(ROOT, 'tmp/bench.sqlite3'), SQLITE_SNAPSHOT)
  }
  log(`${db}: loaded in ${Math.round((Date.now() - started) / 1000)} s`)
}

let countRequests = 0

interface RunningServer {
  child: ChildProcess
  url: string
  /** SQL statements sent so far, HTTP requests being answered, and HTTP requests received so far. */
  counts(): Promise<{ queries: number; inFlight: number; requests: number }>
}

async function startProcess(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  port: number,
  ipc: boolean
): Promise<RunningServer> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? ['ipc' as const] : [])],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) break
    try {
      const response = await fetch(`${url}/posts?pageSize=1`)
      await response.arrayBuffer()
      return {
        child,
        url,
        counts: () =>
          new Promise((resolve, reject) => {
            const id = ++countRequests
            /* A lost answer must fail the run, not hang it. */
            const timer = setTimeout(() => {
              child.off('message', onMessage)
              reject(new Error(`no query count from the server within 10 s (request ${id})`))
            }, 10_000)
            const onMessage = (message: any) => {
              if (message?.type === 'hankki-bench:count' && message.id === id) {
                clearTimeout(timer)
                child.off('message', onMessage)
                resolve({
                  queries: message.queries,
                  inFlight: message.inFlight,
                  requests: message.requests,
                })
              }
            }
            child.on('message', onMessage)
            child.send!({ type: 'hankki-bench:count', id })
          }),
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  child.kill('SIGKILL')
  throw new Error(`${args.join(' ')} did not start:\n${stderr}`)
}

async function stopProcess(server: RunningServer) {
  const exited = new Promise((resolve) => server.child.once('exit', (code) => resolve(code)))
  server.child.kill('SIGTERM')
  return exited
}

async function peakRssMb(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

interface Scenario {
  name: string
  /** One request (for the query count) and the autocannon request factory. */
  request: () => CannonRequest
}

interface Measurement {
  scenario: string
  target: 'app' | 'floor'
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  ok: number
  non2xx: number
  errors: number
  /** SQL statements of one request sent on its own before the scenario. */
  queriesPerRequest?: number
  /** SQL statements per request over the measured run (kept counts and positions make it vary). */
  queriesPerRequestMean?: number
  peakRssMb?: number
  firstStatus?: number
  /** Turns the measured time was cut into, taken in alternation with the floor's. */
  rounds: number
}

/* Until the server answers no request; up to 2 minutes (queued logins drain at the hashing rate). */
async function waitIdle(server: RunningServer) {
  for (let round = 0; round < 400; round++) {
    const { inFlight } = await server.counts()
    if (inFlight === 0) return
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

/* A server the scenarios run against: the app, or the floor beside it. */
interface Target {
  kind: 'app' | 'floor'
  server: RunningServer
}

/* One autocannon run, its histograms left encoded so runs can be merged (autocannon.aggregateResult). */
interface CannonRun {
  totalCompletedRequests: number
  duration: number
}

/*
 * Measures a scenario on each target. With more than one target (a read and
 * its floor), the measured time is cut into BENCH_ROUNDS rounds that take
 * turns (app, floor, app, floor, …): the shared machine's speed drifts within
 * seconds (the floor alone ranged from 6,800 to 12,000 page-1 requests/s a
 * minute apart), and one long run each put a fast spell on one side of the
 * ratio and a slow one on the other. Requests/s are all rounds' requests over
 * all rounds' time; the latency percentiles are of all rounds' latencies
 * merged (autocannon's histograms).
 */
async function measure(scenario: Scenario, targets: Target[]): Promise<Measurement[]> {
  const rounds = targets.length > 1 ? ROUNDS : 1
  /*
   * One request on its own per target: its status and, on the app, its SQL
   * statements. First wait until requests left over from the previous
   * scenario (still running when autocannon stopped) have finished.
   */
  const probes: Array<{ status: number; queries: number }> = []
  for (const { server } of targets) {
    await waitIdle(server)
    const { queries: before } = await server.counts()
    const probe = scenario.request()
    const response = await fetch(server.url + probe.path, {
      method: probe.method ?? 'GET',
      headers: probe.headers,
      body: probe.body,
      signal: AbortSignal.timeout(60_000),
    })
    await response.arrayBuffer()
    const { queries: after } = await server.counts()
    if (response.status === 404 || response.status === 405) {
      log(`  ${scenario.name}: ${response.status} (route not registered on this build), skipped`)
      return []
    }
    probes.push({ status: response.status, queries: after - before })
  }

  const load = (url: string, seconds: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration: seconds,
      skipAggregateResult: true,
      requests: [
        { setupRequest: (request: CannonRequest) => ({ ...request, ...scenario.request() }) },
      ],
    }) as unknown as Promise<CannonRun>

  /* Each server's resident memory while the scenario runs (VmRSS, sampled). */
  const peakRss = targets.map(() => 0)
  const sampler = setInterval(() => {
    targets.forEach(({ server }, index) => {
      readFile(`/proc/${server.child.pid}/status`, 'utf8')
        .then((status) => {
          const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
          peakRss[index] = Math.max(peakRss[index], Math.round(kb / 1024))
        })
        .catch(() => {})
    })
  }, 200)

  const runs: CannonRun[][] = targets.map(() => [])
  const counted = targets.map(() => ({ queries: 0, requests: 0 }))
  const turn = async (index: number, seconds: number, measured: boolean) => {
    const { server } = targets[index]
    /* The other servers' backlogs must not load this one. */
    for (const other of targets) await waitIdle(other.server)
    const start = await server.counts()
    const run = await load(server.url, seconds)
    await waitIdle(server)
    const end = await server.counts()
    if (measured) {
      runs[index].push(run)
      counted[index].queries += end.queries - start.queries
      counted[index].requests += end.requests - start.requests
    }
  }
  try {
    for (let index = 0; index < targets.length && WARMUP > 0; index++) {
      await turn(index, WARMUP, false)
    }
    for (let round = 0; round < rounds; round++) {
      for (let index = 0; index < targets.length; index++) {
        await turn(index, DURATION / rounds, true)
      }
    }
  } finally {
    clearInterval(sampler)
  }

  return targets.map(({ kind, server }, index) => {
    const merged = autocannon.aggregateResult(runs[index], { url: server.url }) as AutocannonResult
    const seconds = runs[index].reduce((sum, run) => sum + run.duration, 0)
    const completed = runs[index].reduce((sum, run) => sum + run.totalCompletedRequests, 0)
    const { queries, requests } = counted[index]
    return {
      scenario: scenario.name,
      target: kind,
      requestsPerSecond: Math.round(completed / seconds),
      p50Ms: merged.latency.p50,
      p99Ms: merged.latency.p99,
      ok: merged['2xx'],
      non2xx: merged.non2xx,
      errors: merged.errors + merged.timeouts,
      queriesPerRequest: probes[index].queries,
      queriesPerRequestMean:
        requests > 0 ? Math.round((queries / requests) * 100) / 100 : undefined,
      peakRssMb: peakRss[index],
      firstStatus: probes[index].status,
      rounds,
    }
  })
}

/* A deterministic sequence of pseudo-random integers in [1, max]. */
function sequence(max: number, seed = 7) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return 1 + (state % max)
  }
}

function listScenarios(): Scenario[] {
  const deep = Math.max(2, Math.floor((SIZES.recipes * 0.4) / 10))
  const q = encodeURIComponent('찌개')
  const variants: Array<[string, string]> = [
    ['', ''],
    [' q', `&q=${q}`],
    [' sort=price_per_serving', '&sort=price_per_serving'],
  ]
  return [1, deep].flatMap((page) =>
    variants.map(([label, query]) => ({
      name: `GET /posts page ${page}${label}`,
      request: () => ({ method: 'GET', path: `/posts?pageNo=${page}&pageSize=10${query}` }),
    }))
  )
}

async function writeScenarios(db: 'sqlite' | 'pg', url: string): Promise<Scenario[]> {
  /* Log the first TOKEN_MEMBERS demo members in (they share the demo password). */
  const { members, catalogue } = await withDatabase(db, async (sql) => ({
    members: await sql(`SELECT id, username FROM members ORDER BY id LIMIT ${TOKEN_MEMBERS}`),
    catalogue: await sql('SELECT id FROM ingredients ORDER BY id'),
  }))
  const tokens: Array<{ id: number; token: string }> = []
  for (const member of members) {
    const response = await fetch(`${url}/members/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: member.username, password: 'hankki-demo-1234' }),
    })
    const body = (await response.json()) as { access_token?: string }
    if (!response.ok || !body.access_token) {
      log(
        `${db}: login of ${member.username} failed (${response.status}); skipping write scenarios`
      )
      return []
    }
    tokens.push({ id: Number(member.id), token: body.access_token })
  }

  /* (member, recipe) pairs that are not liked yet and not the member's own: every like is a 201. */
  const ids = tokens.map((token) => token.id)
  const taken = await withDatabase(db, async (sql) => {
    const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ')
    const likes = await sql(
      `SELECT post_id, member_id FROM post_likes WHERE member_id IN (${placeholders})`,
      ids
    )
    const own = await sql(
      `SELECT id AS post_id, member_id FROM posts WHERE member_id IN (${placeholders})`,
      ids
    )
    return new Set([...likes, ...own].map((row) => `${row.member_id}:${row.post_id}`))
  })
  const maxPost = await withDatabase(db, async (sql) => {
    const [row] = await sql('SELECT max(id) AS max FROM posts')
    return Number(row.max)
  })
  let likeIndex = 0
  const nextLike = () => {
    for (;;) {
      const member = tokens[likeIndex % tokens.length]
      const post = 1 + (Math.floor(likeIndex / tokens.length) % maxPost)
      likeIndex++
      if (!taken.has(`${member.id}:${post}`)) {
        taken.add(`${member.id}:${post}`)
        return { member, post }
      }
    }
  }

  const loginMember = sequence(SIZES.members, 11)
  const usernames = await withDatabase(db, (sql) => sql('SELECT username FROM members ORDER BY id'))
  const pickIngredients = sequence(catalogue.length, 13)
  let writer = 0

  const scenarios: Scenario[] = [
    {
      name: 'POST /members/login',
      request: () => ({
        method: 'POST',
        path: '/members/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: usernames[loginMember() - 1].username,
          password: 'hankki-demo-1234',
        }),
      }),
    },
    {
      name: 'POST /posts/forms (auth)',
      request: () => {
        const lines = new Map<number, string>()
        while (lines.size < 4)
          lines.set(catalogue[pickIngredients() - 1].id, String(50 + lines.size * 25))
        return {
          method: 'POST',
          path: '/posts/forms',
          headers: {
            'content-type': 'application/json',
            'authorization': `Bearer ${tokens[writer++ % tokens.length].token}`,
          },
          body: JSON.stringify({
            post: { title: BENCH_TITLE, content: '끓이면 완성. '.repeat(20), servings: 2 },
            ingredients: [...lines].map(([id, quantity]) => ({ id, quantity })),
          }),
        }
      },
    },
    {
      name: 'POST /posts/{id}/likes (auth)',
      request: () => {
        const { member, post } = nextLike()
        return {
          method: 'POST',
          path: `/posts/${post}/likes`,
          headers: { authorization: `Bearer ${member.token}` },
        }
      },
    },
  ]
  return [...scenarios, mixedScenario(scenarios)]
}

/*
 * Meal plans (issue 19): a demo member's plan of 21 meals, three a day for a
 * week, read whole and as a shopping list (auth). Self-contained: it logs its
 * own member in and writes the plan through POST /plans before measuring.
 */
const PLAN_SCENARIOS = [
  'GET /plans/{id} 21 meals (auth)',
  'GET /plans/{id}/shopping-list 21 meals (auth)',
]

async function planScenarios(db: 'sqlite' | 'pg', url: string): Promise<Scenario[]> {
  if (!PLAN_SCENARIOS.some((name) => selected({ name }))) {
    return []
  }
  /* A member the write scenarios do not log in. */
  const [member] = await withDatabase(db, (sql) =>
    sql(`SELECT username FROM members ORDER BY id LIMIT 1 OFFSET ${TOKEN_MEMBERS}`)
  )
  const login = await fetch(`${url}/members/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: member?.username, password: 'hankki-demo-1234' }),
  })
  const { access_token: token } = (await login.json()) as { access_token?: string }
  if (!login.ok || !token) {
    log(`${db}: login for the plan scenarios failed (${login.status}); skipping them`)
    return []
  }
  const authorization = `Bearer ${token}`
  const recipe = sequence(SIZES.recipes, 19)
  const meals = Array.from({ length: 21 }, (_, index) => ({
    date: `2026-12-${String(7 + Math.floor(index / 3)).padStart(2, '0')}`,
    post_id: recipe(),
    servings: 1 + (index % 4),
  }))
  const created = await fetch(`${url}/plans`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', authorization },
    body: JSON.stringify({ name: '벤치마크 식단', budget: 100_000, meals }),
  })
  const { plan_id: planId } = (await created.json()) as { plan_id?: number }
  if (created.status !== 201 || !planId) {
    log(`${db}: POST /plans answered ${created.status}; skipping the plan scenarios`)
    return []
  }
  const headers = { authorization }
  return [
    {
      name: PLAN_SCENARIOS[0],
      request: () => ({ method: 'GET', path: `/plans/${planId}`, headers }),
    },
    {
      name: PLAN_SCENARIOS[1],
      request: () => ({ method: 'GET', path: `/plans/${planId}/shopping-list`, headers }),
    },
  ]
}

/*
 * Everything at once, as production sees it: of every 20 requests, 12 reads
 * (list page 1, a search, a detail), 4 recipes created, 3 likes and 1 login.
 * Its RSS column is the server's peak under that load, with PROCESS_ENV.
 */
function mixedScenario([login, create, like]: Scenario[]): Scenario {
  const recipe = sequence(SIZES.recipes, 17)
  const q = encodeURIComponent('찌개')
  const list = () => ({ method: 'GET', path: '/posts?pageNo=1&pageSize=10' })
  const search = () => ({ method: 'GET', path: `/posts?pageNo=1&pageSize=10&q=${q}` })
  const detail = () => ({ method: 'GET', path: `/posts/${recipe()}` })
  const pattern: Array<() => CannonRequest> = [
    ...[list, detail, search, detail].flatMap((read) => [read, read, read]),
    ...Array.from({ length: 4 }, () => create.request),
    ...Array.from({ length: 3 }, () => like.request),
    login.request,
  ]
  /* Interleaved, not in runs: request i takes pattern entry (i × 7) mod 20. */
  let next = 0
  return {
    name: MIXED,
    request: () => pattern[(next++ * 7) % pattern.length](),
  }
}

/* As many hashes at a time as the server runs (config/hash.ts: all of libuv's pool but one thread). */
const HASH_THREADS = Math.max(1, Number(PROCESS_ENV.UV_THREADPOOL_SIZE || 4) - 1)

async function hashesPerSecond() {
  const until = Date.now() + 3000
  let count = 0
  const worker = async () => {
    while (Date.now() < until) {
      await new Promise((resolve, reject) =>
        scrypt('hankki-demo-1234', 'saltsaltsaltsalt', 64, SCRYPT, (error, key) =>
          error ? reject(error) : resolve(key)
        )
      )
      count++
    }
  }
  /* As many at once as the server hashes, like concurrent logins. */
  await Promise.all(Array.from({ length: HASH_THREADS }, worker))
  return Math.round(count / 3)
}

/* `YYYY-MM-DD`, `days` from today (UTC). */
function isoDay(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/*
 * Cost at a date and cost history (issue 18), with the floor's answers
 * beside them (floor_server.ts), and the cost chart on the app alone (the
 * floor draws none). Each answers 404 (and is skipped) on a build without
 * them.
 */
function priceScenarios(): Scenario[] {
  const recipe = sequence(SIZES.recipes, 23)
  /* 365 daily points, every one priced: demo:seed's year of prices ends today. */
  const year = `from=${isoDay(-364)}&to=${isoDay(0)}`
  return [
    {
      name: 'GET /posts/{id}?asOf= (6 months ago)',
      request: () => ({ method: 'GET', path: `/posts/${recipe()}?asOf=${isoDay(-182)}` }),
    },
    {
      name: 'GET /posts/{id}/costs day, 365 days',
      request: () => ({ method: 'GET', path: `/posts/${recipe()}/costs?interval=day&${year}` }),
    },
    {
      name: 'GET /posts/{id}/costs.svg day, 365 days',
      request: () => ({
        method: 'GET',
        path: `/posts/${recipe()}/costs.svg?interval=day&${year}`,
      }),
    },
  ]
}

const IMPORT_SCENARIO = 'prices:import, KAMIS-sized daily file'

interface ImportTiming {
  rows: number
  /** The whole `node ace prices:import` process: boot, import, exit. */
  wallMs: number
  statements: number
  repricedRecipes: number | null
  /** The repricing pass alone, as the command prints it. */
  repricingMs: number | null
  /** The same file again (idempotent: nothing changes), for the process's fixed cost. */
  againWallMs: number
  againStatements: number
}

/*
 * A KAMIS-sized daily import: one observation for every catalogue ingredient,
 * dated tomorrow (newer than every current price, so all recipes are
 * repriced), run from the build as an operator would in the image (`node ace`
 * inherits the image's NODE_OPTIONS and the rest of PROCESS_ENV), with the
 * query counter preloaded. Run while no server writes; it changes prices, so
 * it comes last.
 */
async function timeDailyImport(db: 'sqlite' | 'pg'): Promise<ImportTiming> {
  const catalogue = await withDatabase(db, (sql) =>
    sql('SELECT name, measure, price, unit FROM ingredients ORDER BY id')
  )
  const observedOn = isoDay(1)
  const csv = [
    'name,measure,price,unit,observed_on,source',
    ...catalogue.map(
      (item) =>
        `${item.name},${item.measure},${Math.round(Number(item.price) * 1.03)},${item.unit},${observedOn},bench daily import`
    ),
  ].join('\n')
  const file = join(ROOT, `tmp/bench-daily-import-${db}.csv`)
  const countFile = join(ROOT, `tmp/bench-daily-import-${db}.count`)
  await writeFile(file, `${csv}\n`)
  const once = async () => {
    await rm(countFile, { force: true })
    let stdout = ''
    const started = performance.now()
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [`--import=${join(ROOT, 'bench/query_counter.mjs')}`, 'ace', 'prices:import', file],
        {
          cwd: BUILD,
          env: {
            ...process.env,
            ...serverEnv(db, PORT),
            ...PROCESS_ENV,
            HANKKI_BENCH_QUERY_COUNT_FILE: countFile,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        }
      )
      child.stdout!.on('data', (chunk) => (stdout += chunk))
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`prices:import exited ${code}:\n${stdout}`))
      )
    })
    const wallMs = Math.round(performance.now() - started)
    const statements = Number(await readFile(countFile, 'utf8'))
    const repriced = /(\d+) recipe\(s\) repriced/.exec(stdout)
    const repricing = /\(repricing (\d+) ms\)/.exec(stdout)
    return {
      wallMs,
      statements,
      repriced: repriced ? Number(repriced[1]) : null,
      repricingMs: repricing ? Number(repricing[1]) : null,
    }
  }
  const first = await once()
  const again = await once()
  return {
    rows: catalogue.length,
    wallMs: first.wallMs,
    statements: first.statements,
    repricedRecipes: first.repriced,
    repricingMs: first.repricingMs,
    againWallMs: again.wallMs,
    againStatements: again.statements,
  }
}

/* GET /posts/{id} exists before ?asOf= does: measure only a build that answers it. */
async function answersAsOf(app: RunningServer, scenario: Scenario) {
  if (!scenario.name.includes('asOf')) return true
  const probe = await fetch(app.url + scenario.request().path)
  const body = await probe.text()
  if (probe.ok && !body.includes('"price_as_of"')) {
    log(`  ${scenario.name}: no price_as_of in the answer (asOf not supported), skipped`)
    return false
  }
  return true
}

async function benchDatabase(db: 'sqlite' | 'pg') {
  await loadData(db)
  const recipe = sequence(SIZES.recipes, 5)
  const detail: Scenario = {
    name: 'GET /posts/{id}',
    request: () => ({ method: 'GET', path: `/posts/${recipe()}` }),
  }
  /* The chart has no floor: it runs on the app alone once the floor has stopped. */
  const charted = (scenario: Scenario) => scenario.name.includes('costs.svg')
  const prices = priceScenarios().filter(selected)
  const reads = [...listScenarios(), detail, ...prices.filter((s) => !charted(s))].filter(selected)
  const measurements: Measurement[] = []

  const app = await startProcess(
    [`--import=${join(ROOT, 'bench/query_counter.mjs')}`, 'bin/server.js'],
    BUILD,
    { ...serverEnv(db, PORT), ...PROCESS_ENV },
    PORT,
    true
  )
  const floorEnv: Record<string, string> =
    db === 'sqlite'
      ? {
          FLOOR_DB: 'sqlite',
          FLOOR_SQLITE_FILE: join(ROOT, 'tmp/bench.sqlite3'),
          PORT: String(FLOOR_PORT),
        }
      : { FLOOR_DB: 'pg', FLOOR_PG_DB: PG_DB, PORT: String(FLOOR_PORT) }
  /* With the same counter, so the runner can wait for its backlog too (slow searches). */
  const floor =
    reads.length === 0
      ? null
      : await startProcess(
          [
            '--import=@poppinss/ts-exec',
            `--import=${join(ROOT, 'bench/query_counter.mjs')}`,
            'bench/floor_server.ts',
          ],
          ROOT,
          floorEnv,
          FLOOR_PORT,
          true
        )
  /*
   * Each read scenario takes turns on the app and on the floor (the idle one
   * uses no CPU; see measure()), so a change in the shared machine's speed
   * moves both figures of a ratio alike.
   */
  for (const scenario of floor ? reads : []) {
    if (!(await answersAsOf(app, scenario))) continue
    log(`${db}: ${scenario.name} (app and floor, ${ROUNDS} turns each)`)
    measurements.push(
      ...(await measure(scenario, [
        { kind: 'app', server: app },
        { kind: 'floor', server: floor! },
      ]))
    )
  }
  if (floor) {
    await waitIdle(floor)
    await stopProcess(floor)
  }
  for (const scenario of prices.filter(charted)) {
    log(`${db}: app ${scenario.name}`)
    measurements.push(...(await measure(scenario, [{ kind: 'app', server: app }])))
  }
  const plans = await planScenarios(db, app.url)
  for (const scenario of plans.filter(selected)) {
    log(`${db}: app ${scenario.name}`)
    measurements.push(...(await measure(scenario, [{ kind: 'app', server: app }])))
  }
  const writes = await writeScenarios(db, app.url)
  for (const scenario of writes.filter(selected)) {
    log(`${db}: app ${scenario.name}`)
    measurements.push(...(await measure(scenario, [{ kind: 'app', server: app }])))
  }
  const peakRss = await peakRssMb(app.child.pid!)
  const exitCode = await stopProcess(app)

  let dailyImport: ImportTiming | null = null
  if (selected({ name: IMPORT_SCENARIO })) {
    log(`${db}: ${IMPORT_SCENARIO}`)
    dailyImport = await timeDailyImport(db)
  }

  return { measurements, peakRssMb: peakRss, serverExitCode: exitCode, dailyImport }
}

function table(db: string, measurements: Measurement[]) {
  const floorOf = (name: string) =>
    measurements.find((m) => m.target === 'floor' && m.scenario === name)
  const rows = measurements
    .filter((m) => m.target === 'app')
    .map((m) => {
      const floor = floorOf(m.scenario)
      /* A floor that finished no request within its turns (a search walking every row) has no ratio. */
      const ratio =
        floor && floor.requestsPerSecond > 0
          ? `${Math.round((m.requestsPerSecond / floor.requestsPerSecond) * 100)}%`
          : floor
            ? 'floor finished none'
            : '–'
      return `| ${db} | ${m.scenario} | ${m.requestsPerSecond} | ${m.p50Ms} | ${m.p99Ms} | ${m.queriesPerRequest ?? '–'} / ${m.queriesPerRequestMean ?? '–'} | ${m.peakRssMb ?? '–'} | ${floor?.requestsPerSecond ?? '–'} | ${floor?.p99Ms ?? '–'} | ${ratio} | ${m.non2xx + m.errors} |`
    })
  const floorOnly = measurements
    .filter(
      (m) =>
        m.target === 'floor' &&
        !measurements.some((a) => a.target === 'app' && a.scenario === m.scenario)
    )
    .map(
      (m) =>
        `| ${db} | ${m.scenario} (floor only) | – | – | – | – | – | ${m.requestsPerSecond} | ${m.p99Ms} | – | ${m.non2xx + m.errors} |`
    )
  return [...rows, ...floorOnly]
}

/* The daily import's own table: one process, timed and counted once (then again, as a no-op). */
const importLines = [
  '| db | prices:import | rows | wall ms | repricing ms | SQL statements | recipes repriced | same file again: wall ms / SQL |',
  '|---|---|---|---|---|---|---|---|',
]
function importTable(db: string, timing: ImportTiming | null) {
  return timing
    ? [
        `| ${db} | ${IMPORT_SCENARIO}, every ingredient newer | ${timing.rows} | ${timing.wallMs} | ${timing.repricingMs ?? '?'} | ${timing.statements} | ${timing.repricedRecipes ?? '?'} | ${timing.againWallMs} / ${timing.againStatements} |`,
      ]
    : []
}

const startedAt = new Date()
log(
  `app server and prices:import settings: ${Object.entries(PROCESS_ENV)
    .map(([name, value]) => `${name}=${value || '(unset)'}`)
    .join(' ')}`
)
await mkdir(join(ROOT, 'tmp'), { recursive: true })
await build()
const results: Record<string, unknown> = {}
const lines = [
  '| db | scenario | req/s | p50 ms | p99 ms | SQL/req first / mean | RSS MB | floor req/s | floor p99 ms | of floor | failed |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
]
for (const db of DBS) {
  const result = await benchDatabase(db)
  results[db] = result
  lines.push(...table(db, result.measurements))
  lines.push(
    `| ${db} | peak RSS of the server over the whole run (VmHWM) | ${result.peakRssMb} MB | | | | | | | |`
  )
  importLines.push(...importTable(db, result.dailyImport))
}
lines.push('', ...importLines)
const hashes = await hashesPerSecond()
lines.push(
  `| – | scrypt N=2^14 r=8 p=5 hashes/s (${HASH_THREADS} in parallel, no HTTP) | ${hashes} | | | | | | | |`
)

const report = {
  startedAt: startedAt.toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  settings: {
    scale: SCALE,
    sizes: SIZES,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    server: PROCESS_ENV,
  },
  hashesPerSecond: hashes,
  results,
}
const file = join(ROOT, 'bench/results', `${startedAt.toISOString().replaceAll(':', '-')}.json`)
await mkdir(join(ROOT, 'bench/results'), { recursive: true })
await writeFile(file, JSON.stringify(report, null, 2))
console.log(lines.join('\n'))
log(`results written to ${file}`)
