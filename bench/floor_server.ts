/*
 * The floor: the fastest this machine answers GET /posts, GET /posts/{id},
 * GET /posts/{id}?asOf= and GET /posts/{id}/costs on the same data with the
 * same driver (better-sqlite3 or pg), without a framework, an ORM,
 * middleware or logging. bench/run.ts reports the API's figures as a ratio
 * to these.
 *
 *   FLOOR_DB=sqlite FLOOR_SQLITE_FILE=build/tmp/bench.sqlite3 PORT=3379 node --import=@poppinss/ts-exec bench/floor_server.ts
 *   FLOOR_DB=pg FLOOR_PG_DB=hankki_bench PORT=3379 node --import=@poppinss/ts-exec bench/floor_server.ts
 */
import { createServer, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import pg from 'pg'

/* better-sqlite3 ships no types; the methods used here. */
interface SqliteStatement {
  all(...params: unknown[]): unknown[]
}
interface SqliteDatabase {
  pragma(source: string): unknown
  prepare(sql: string): SqliteStatement
  transaction<Args extends unknown[], Result>(
    fn: (...args: Args) => Result
  ): (...args: Args) => Result
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean }
) => SqliteDatabase
/* The ETag the app's responses carry (etag, no types shipped). */
const etag = createRequire(import.meta.url)('etag') as (body: Buffer) => string

type Row = Record<string, unknown>
type Query = (sql: string, params: unknown[]) => Promise<Row[]>
type Statement = [sql: string, params: unknown[]]
/* Several statements whose answers must agree (the app reads them in one snapshot). */
type QueryTogether = (statements: Statement[]) => Promise<Row[][]>

/* Each sort's ORDER BY in its own table: the prices are in post_prices (its indexes carry post_id). */
const SORTS: Record<string, { table: 'posts' | 'post_prices'; order: string }> = {
  latest: { table: 'posts', order: 'created_at DESC, id DESC' },
  oldest: { table: 'posts', order: 'created_at ASC, id ASC' },
  likes: { table: 'posts', order: 'like_count DESC, id DESC' },
  price: { table: 'post_prices', order: 'price ASC, post_id ASC' },
  price_per_serving: { table: 'post_prices', order: 'price_per_serving ASC, post_id ASC' },
}

function connect(): {
  query: Query
  together: QueryTogether
  placeholder: (n: number) => string
  like: string
  postgres: boolean
} {
  if (process.env.FLOOR_DB === 'pg') {
    const pool = new pg.Pool({
      host: process.env.FLOOR_PG_HOST ?? '127.0.0.1',
      port: Number(process.env.FLOOR_PG_PORT ?? 5432),
      user: process.env.FLOOR_PG_USER ?? 'postgres',
      database: process.env.FLOOR_PG_DB ?? 'hankki_bench',
      max: 10,
    })
    /* Named statements: parsed and planned once per connection. */
    const names = new Map<string, string>()
    const query: Query = async (sql, params) => {
      let name = names.get(sql)
      if (!name) {
        name = `floor_${names.size}`
        names.set(sql, name)
      }
      const result = await pool.query({ name, text: sql, values: params })
      return result.rows
    }
    return {
      postgres: true,
      placeholder: (n) => `$${n}`,
      like: 'ILIKE',
      query,
      /* The app's PostgreSQL detail is one statement: here they only run side by side. */
      together: (statements) => Promise.all(statements.map(([sql, params]) => query(sql, params))),
    }
  }
  const db = new Database(process.env.FLOOR_SQLITE_FILE ?? 'build/tmp/bench.sqlite3', {
    readonly: true,
  })
  db.pragma('journal_mode = WAL')
  /* As the app's read connection (database/engine/sqlite_reads.ts). */
  db.pragma(`mmap_size = ${256 * 1024 * 1024}`)
  const statements = new Map<string, SqliteStatement>()
  const all = (sql: string, params: unknown[]) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement.all(...params) as Row[]
  }
  /* One read transaction, as the app's detail. */
  const inOneRead = db.transaction((reads: Statement[]) =>
    reads.map(([sql, params]) => all(sql, params))
  )
  return {
    postgres: false,
    placeholder: () => '?',
    like: 'LIKE',
    query: async (sql, params) => all(sql, params),
    together: async (reads) => inOneRead(reads),
  }
}

const { query, together, placeholder: p, like, postgres } = connect()

/*
 * A key lookup's placeholder. On SQLite `+?`: with STAT4 statistics a bare
 * bound value compared with an indexed column is planned again on every run
 * (the app does the same, see compiled_query.ts): the floor's detail spent most
 * of its time planning before it used it.
 */
const key = (n: number) => (postgres ? `$${n}` : '+?')

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  })
  response.end(json)
}

const iso = (value: unknown) =>
  new Date(value instanceof Date ? value : Number(value)).toISOString()

async function list(params: URLSearchParams) {
  const pageNo = Math.max(1, Number(params.get('pageNo') ?? 1) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? 10) || 10))
  const sort = SORTS[params.get('sort') ?? 'latest'] ?? SORTS.latest
  const q = params.get('q')
  const where = q ? `WHERE title ${like} ${p(1)}` : ''
  const values: unknown[] = q ? [`%${q}%`] : []
  /*
   * The page's ids first, in the sort's index order (post_prices alone for an
   * unfiltered price sort), then join their rows, prices and authors. LIMIT
   * and OFFSET are validated integers written into the statement: as bound
   * parameters they give both planners a generic plan (a sort of every row on
   * PostgreSQL, the wrong join order on SQLite).
   */
  const range = `LIMIT ${pageSize} OFFSET ${(pageNo - 1) * pageSize}`
  const ids =
    sort.table === 'posts'
      ? `SELECT id FROM posts ${where} ORDER BY ${sort.order} ${range}`
      : q
        ? `SELECT posts.id FROM posts JOIN post_prices ON post_prices.post_id = posts.id ${where}
           ORDER BY ${sort.order.replaceAll(/(\w+) (ASC|DESC)/g, 'post_prices.$1 $2')} ${range}`
        : `SELECT post_id AS id FROM post_prices ORDER BY ${sort.order} ${range}`
  const outer = sort.order
    .replace('post_id', 'id')
    .replaceAll(
      /(\w+) (ASC|DESC)/g,
      (_, column: string, direction: string) =>
        `${column.startsWith('price') ? 'pp' : 'p'}.${column} ${direction}`
    )
  const rows = await query(
    `SELECT p.id, p.member_id, p.title, p.created_at, pp.price, p.servings, pp.price_per_serving,
            p.like_count, p.comment_count, CAST(pp.price_date AS TEXT) AS price_date, m.username
       FROM (${ids}) page JOIN posts p ON p.id = page.id JOIN post_prices pp ON pp.post_id = p.id
       JOIN members m ON m.id = p.member_id ORDER BY ${outer}`,
    values
  )
  const [{ total }] = q
    ? await query(`SELECT count(*) AS total FROM posts ${where}`, values)
    : await query(
        `SELECT sum(value) AS total FROM counters WHERE name >= 'posts#' AND name < 'posts$'`,
        []
      )
  return {
    result: 'success',
    message: '레시피 목록 조회 성공',
    posts: rows.map((row) => ({
      id: row.id,
      title: row.title,
      create_date: iso(row.created_at),
      username: row.username,
      price: row.price,
      servings: row.servings,
      price_per_serving: row.price_per_serving,
      like: row.like_count,
      comment_count: row.comment_count,
      price_date: row.price_date ?? null,
    })),
    pageNo,
    pageSize,
    total: Number(total),
    lastPage: Math.max(1, Math.ceil(Number(total) / pageSize)),
  }
}

/* The detail's leading post fields, as both detail answers (plain and ?asOf=) send them. */
function postHead(post: Row) {
  return {
    id: post.id,
    title: post.title,
    content: post.content,
    user_id: post.member_id,
    username: post.username,
    create_date: iso(post.created_at),
    modify_date: iso(post.updated_at),
  }
}

/* A recipe's comments with their authors, oldest first (both detail answers). */
function commentRows(id: number): Statement {
  return [
    `SELECT c.id, c.content, c.member_id, m.username, c.created_at, c.updated_at, c.like_count
       FROM comments c JOIN members m ON m.id = c.member_id WHERE c.post_id = ${key(1)}
      ORDER BY c.created_at, c.id`,
    [id],
  ]
}

function commentBody(comment: Row) {
  return {
    id: comment.id,
    content: comment.content,
    user_id: comment.member_id,
    username: comment.username,
    create_date: iso(comment.created_at),
    modify_date: iso(comment.updated_at),
    like: comment.like_count,
    liked: false,
  }
}

async function detail(id: number) {
  const [[post], lines, comments] = await together([
    [
      `SELECT p.*, pp.price, pp.price_per_serving, m.username FROM posts p
       JOIN post_prices pp ON pp.post_id = p.id JOIN members m ON m.id = p.member_id WHERE p.id = ${key(1)}`,
      [id],
    ],
    [
      `SELECT i.id, i.name, i.measure, i.price, i.unit, l.quantity FROM post_ingredients l
       JOIN ingredients i ON i.id = l.ingredient_id WHERE l.post_id = ${key(1)} ORDER BY l.position`,
      [id],
    ],
    commentRows(id),
  ])
  if (!post) {
    return null
  }
  return {
    result: 'success',
    message: '레시피 조회 성공',
    post: {
      ...postHead(post),
      price: post.price,
      servings: post.servings,
      price_per_serving: post.price_per_serving,
      like: post.like_count,
      liked: false,
      ingredients: lines.map((line) => ({
        id: line.id,
        name: line.name,
        measure: line.measure,
        quantity: Number(line.quantity),
        cost: Math.round((Number(line.price) * Number(line.quantity)) / Number(line.unit)),
      })),
    },
    comments: comments.map(commentBody),
  }
}

/*
 * Cost at a date (GET /posts/{id}?asOf=) and cost history (GET
 * /posts/{id}/costs), contract §8: the same bodies as the app, from the same
 * rows, written here without the app's code (the cost rule below is the
 * contract's: line cost = price × quantity / unit, exact; price = round(Σ),
 * half up; per serving = round(price / servings)). Only what the benchmark
 * asks is answered: no `servings` with `asOf`, no validation of the range.
 *
 * Kept in memory, as the app keeps them (PriceTimelines): each ingredient's
 * price timeline, tagged with the prices' version (a counter the price
 * triggers bump) read in the same statement as the timeline. A request reads
 * the version with its recipe's lines, so it does the same database work as
 * the app: one statement for the recipe, and one more for the timelines only
 * when a price changed since. FLOOR_KEEP_PRICES=0 keeps nothing: every
 * request then also reads its ingredients' observations.
 */
const PRICES_VERSION = "(SELECT changes FROM counters WHERE name = 'prices')"
const KEEP_PRICES = process.env.FLOOR_KEEP_PRICES !== '0'

/* One ingredient's prices: from dates[i] (YYYY-MM-DD) on, prices[i] KRW bought units[i]. */
interface Timeline {
  dates: string[]
  prices: number[]
  units: number[]
}

const keptTimelines = new Map<number, { version: string; timeline: Timeline }>()

/* Observations by date, then import order: the day's last one is the day's price. */
async function timelines(ids: number[], version: string): Promise<Timeline[]> {
  const wanted = [...new Set(ids)].filter(
    (id) => !KEEP_PRICES || keptTimelines.get(id)?.version !== version
  )
  if (wanted.length === 0) {
    return ids.map((id) => keptTimelines.get(id)!.timeline)
  }
  const rows = await query(
    `SELECT v.version, o.ingredient_id, CAST(o.observed_on AS TEXT) AS observed_on, o.price, o.unit
       FROM (SELECT ${PRICES_VERSION} AS version) v
       LEFT JOIN ingredient_prices o ON ${
         postgres
           ? 'o.ingredient_id = ANY($1::integer[])'
           : 'o.ingredient_id IN (SELECT value FROM json_each(?))'
       }
      ORDER BY o.ingredient_id, o.observed_on, o.id`,
    [postgres ? wanted : JSON.stringify(wanted)]
  )
  const read = new Map<number, Timeline>(
    wanted.map((id) => [id, { dates: [], prices: [], units: [] }])
  )
  for (const row of rows) {
    if (row.ingredient_id === null) continue
    const timeline = read.get(Number(row.ingredient_id))!
    const date = String(row.observed_on).slice(0, 10)
    const last = timeline.dates.length - 1
    if (last < 0 || timeline.dates[last] !== date) {
      timeline.dates.push(date)
      timeline.prices.push(0)
      timeline.units.push(1)
    }
    timeline.prices[timeline.dates.length - 1] = Number(row.price)
    timeline.units[timeline.dates.length - 1] = Number(row.unit)
  }
  if (KEEP_PRICES) {
    for (const [id, timeline] of read) {
      keptTimelines.set(id, { version: String(rows[0]?.version), timeline })
    }
  }
  return ids.map((id) => read.get(id) ?? keptTimelines.get(id)!.timeline)
}

/* Index of the timeline's entry in effect on `date`, searching on from `at`; -1 before any. */
function entryOn(timeline: Timeline, date: string, at = -1) {
  while (at + 1 < timeline.dates.length && timeline.dates[at + 1] <= date) at++
  return at
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

/* round(x / y), half up, for non-negative safe integers (checked by the remainder). */
function roundDivide(x: number, y: number) {
  let quotient = Math.floor((2 * x + y) / (2 * y))
  const rest = 2 * x + y - quotient * 2 * y
  if (rest < 0) quotient--
  else if (rest >= 2 * y) quotient++
  return quotient
}

/* Base units (g, ml, 개) per unit, and each dimension (contract §8). */
const UNITS: Record<string, [string, number]> = {
  g: ['mass', 1],
  kg: ['mass', 1000],
  ml: ['volume', 1],
  L: ['volume', 1000],
  큰술: ['volume', 15],
  작은술: ['volume', 5],
  컵: ['volume', 200],
  개: ['count', 1],
}

/* A non-negative decimal (text or number) as [numerator, denominator]. */
function decimal(value: unknown): [number, number] {
  const [whole, fraction = ''] = String(value).split('.')
  const denominator = 10 ** fraction.length
  const numerator = Number(whole + fraction)
  const common = gcd(numerator, denominator) || 1
  return [numerator / common, denominator / common]
}

/* A line's quantity in its ingredient's own measure, as [numerator, denominator]. */
function ownQuantity(line: Row): [number, number] {
  const [n, d] = decimal(line.quantity)
  const unit = line.line_measure as string | null
  if (!unit || unit === line.measure) return [n, d]
  const [fromDimension, fromBase] = UNITS[unit]
  const [toDimension, toBase] = UNITS[line.measure as string]
  let [factorN, factorD] = [fromBase, toBase]
  if (fromDimension !== toDimension) {
    const piece = decimal(
      (fromDimension === 'mass' || toDimension === 'mass'
        ? line.grams_per_piece
        : line.ml_per_piece) ?? Number.NaN
    )
    /* 개 → g: pieces × size; g → 개: amount / size. */
    if (fromDimension === 'count') [factorN, factorD] = [factorN * piece[0], factorD * piece[1]]
    else [factorN, factorD] = [factorN * piece[1], factorD * piece[0]]
  }
  const common = gcd(n * factorN, d * factorD)
  return [(n * factorN) / common, (d * factorD) / common]
}

/*
 * A recipe's price at any prices: round(Σ prices[i] × quantities[i] /
 * units[i]) over the lines' common denominator, in safe integers (BigInts
 * when a term is not safe). The denominator and each line's coefficient over
 * it are worked out again only when a unit changes (daily points rarely
 * change units).
 */
function pricer(quantities: [number, number][]) {
  let units: number[] = []
  let denominator = 1
  let coefficients: number[] = []
  return (prices: number[], lineUnits: number[]) => {
    if (lineUnits.some((unit, line) => unit !== units[line])) {
      units = [...lineUnits]
      denominator = 1
      for (const [line, [, d]] of quantities.entries()) {
        const lineDenominator = d * units[line]
        denominator = (denominator / gcd(denominator, lineDenominator)) * lineDenominator
      }
      coefficients = quantities.map(([n, d], line) => n * (denominator / (d * units[line])))
    }
    /* Plain for-of with a counter: `.entries()` would allocate a pair per line and point. */
    let numerator = 0
    let line = 0
    for (const coefficient of coefficients) {
      numerator += coefficient * prices[line++]
    }
    if (Number.isSafeInteger(2 * numerator + denominator)) {
      return roundDivide(numerator, denominator)
    }
    let bigNumerator = 0n
    let bigDenominator = 1n
    line = 0
    for (const [n, d] of quantities) {
      const lineDenominator = BigInt(d) * BigInt(units[line])
      bigNumerator =
        bigNumerator * lineDenominator + BigInt(prices[line]) * BigInt(n) * bigDenominator
      bigDenominator *= lineDenominator
      line++
    }
    return Number((2n * bigNumerator + bigDenominator) / (2n * bigDenominator))
  }
}

/*
 * The points' dates: `from`, then every interval after it up to `to`. Kept
 * by range (no database in them; the app keeps them too): the benchmark asks
 * for one range.
 */
const keptDates = new Map<string, string[]>()
function pointDates(from: string, to: string, interval: string) {
  const range = `${from}|${to}|${interval}`
  let dates = keptDates.get(range)
  if (dates) return dates
  dates = []
  const [year, month, day] = from.split('-').map(Number)
  for (let index = 0; ; index++) {
    const last = new Date(Date.UTC(year, month + index, 0)).getUTCDate()
    const date = new Date(
      interval === 'month'
        ? Date.UTC(year, month - 1 + index, Math.min(day, last))
        : Date.UTC(year, month - 1, day + index * (interval === 'week' ? 7 : 1))
    )
      .toISOString()
      .slice(0, 10)
    if (date > to) break
    dates.push(date)
  }
  if (keptDates.size >= 256) keptDates.clear()
  keptDates.set(range, dates)
  return dates
}

/* The recipe's lines in the author's order with the prices' version (no lines: one row of nulls). */
async function recipeLines(id: number) {
  return query(
    `SELECT p.servings, i.id, i.measure, l.quantity, l.measure AS line_measure,
            CAST(i.grams_per_piece AS TEXT) AS grams_per_piece, CAST(i.ml_per_piece AS TEXT) AS ml_per_piece,
            ${PRICES_VERSION} AS prices_version
       FROM posts p LEFT JOIN post_ingredients l ON l.post_id = p.id
       LEFT JOIN ingredients i ON i.id = l.ingredient_id
      WHERE p.id = ${key(1)} ORDER BY l.position`,
    [id]
  )
}

async function costHistory(id: number, params: URLSearchParams) {
  const rows = await recipeLines(id)
  if (rows.length === 0) return null
  const servings = Number(rows[0].servings)
  const lines = rows.filter((row) => row.id !== null)
  const ids = lines.map((line) => Number(line.id))
  const price = pricer(lines.map(ownQuantity))
  const lineTimelines = await timelines(ids, String(rows[0].prices_version))
  const at = ids.map(() => -1)
  const prices = ids.map(() => 0)
  const units = ids.map(() => 1)
  const from = params.get('from')!
  const to = params.get('to')!
  const points = pointDates(from, to, params.get('interval') ?? 'day').map((date) => {
    const unpriced: number[] = []
    let line = 0
    for (const timeline of lineTimelines) {
      at[line] = entryOn(timeline, date, at[line])
      if (at[line] < 0) {
        unpriced.push(ids[line])
      } else {
        prices[line] = timeline.prices[at[line]]
        units[line] = timeline.units[at[line]]
      }
      line++
    }
    const total = price(prices, units)
    return { date, price: total, price_per_serving: roundDivide(total, servings), unpriced }
  })
  return {
    result: 'success',
    message: '레시피 가격 이력 조회 성공',
    post_id: id,
    servings,
    points,
  }
}

/* GET /posts/{id}?asOf=: the detail with the lines costed at the prices in effect on `asOf`. */
async function detailAsOf(id: number, asOf: string) {
  const [[post], lines, comments] = await together([
    [
      `SELECT p.id, p.member_id, p.title, p.content, p.servings, p.like_count, p.created_at, p.updated_at,
              m.username
         FROM posts p JOIN members m ON m.id = p.member_id WHERE p.id = ${key(1)}`,
      [id],
    ],
    [
      `SELECT i.id, i.name, i.measure, l.quantity, l.measure AS line_measure,
              CAST(i.grams_per_piece AS TEXT) AS grams_per_piece, CAST(i.ml_per_piece AS TEXT) AS ml_per_piece,
              ${PRICES_VERSION} AS prices_version
         FROM post_ingredients l JOIN ingredients i ON i.id = l.ingredient_id
        WHERE l.post_id = ${key(1)} ORDER BY l.position`,
      [id],
    ],
    commentRows(id),
  ])
  if (!post) return null
  const ids = lines.map((line) => Number(line.id))
  const lineTimelines = await timelines(ids, String(lines[0]?.prices_version))
  const quantities = lines.map(ownQuantity)
  const unpriced: number[] = []
  const prices: number[] = []
  const units: number[] = []
  for (const [line, timeline] of lineTimelines.entries()) {
    const at = entryOn(timeline, asOf)
    if (at < 0) unpriced.push(ids[line])
    prices.push(at < 0 ? 0 : timeline.prices[at])
    units.push(at < 0 ? 1 : timeline.units[at])
  }
  const servings = Number(post.servings)
  const price = pricer(quantities)(prices, units)
  return {
    result: 'success',
    message: '레시피 조회 성공',
    post: {
      ...postHead(post),
      price,
      servings,
      price_per_serving: roundDivide(price, servings),
      like: post.like_count,
      liked: false,
      ingredients: lines.map((line, index) => ({
        id: ids[index],
        name: line.name,
        measure: line.line_measure ?? line.measure,
        quantity: Number(line.quantity),
        cost: unpriced.includes(ids[index])
          ? null
          : pricer([quantities[index]])([prices[index]], [units[index]]),
      })),
      price_as_of: asOf,
      unpriced,
    },
    comments: comments.map(commentBody),
  }
}

/* The cost history as the app sends it: with its ETag (of the body) and cache header. */
function sendCosts(response: ServerResponse, body: object) {
  const json = Buffer.from(JSON.stringify(body))
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': json.length,
    'Cache-Control': 'public, max-age=60',
    'ETag': etag(json),
  })
  response.end(json)
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://floor')
    if (url.pathname === '/posts') {
      return send(response, 200, await list(url.searchParams))
    }
    const costs = /^\/posts\/(\d+)\/costs$/.exec(url.pathname)
    if (costs) {
      const body = await costHistory(Number(costs[1]), url.searchParams)
      return body
        ? sendCosts(response, body)
        : send(response, 404, { result: 'failed', message: '존재하지 않는 레시피' })
    }
    const match = /^\/posts\/(\d+)$/.exec(url.pathname)
    const asOf = url.searchParams.get('asOf')
    if (match) {
      const body = await (asOf ? detailAsOf(Number(match[1]), asOf) : detail(Number(match[1])))
      return send(
        response,
        body ? 200 : 404,
        body ?? { result: 'failed', message: '존재하지 않는 레시피' }
      )
    }
    send(response, 404, { result: 'failed', message: '존재하지 않는 경로' })
  } catch (error) {
    send(response, 500, { result: 'failed', message: String(error) })
  }
})

server.listen(Number(process.env.PORT ?? 3379), '127.0.0.1', () => {
  console.log(`floor server on ${process.env.FLOOR_DB ?? 'sqlite'} listening`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
