/*
| Micro-benchmark of the jwt guard alone: verified requests per second of
| JwtGuard.authenticate() (JWT verify + token store check + member lookup),
| with the Redis store and with the database store, plus the JWT verify
| alone as a ceiling. No HTTP server is involved.
|
|   node ace migration:run --force   (once, same DB_CONNECTION/SQLITE_FILE)
|   REDIS_HOST=127.0.0.1 REDIS_DB=12 REDIS_KEY_PREFIX=hankki-bench: \
|     node --import=@poppinss/ts-exec bench/guard.ts [seconds] [concurrency]
|
| Without REDIS_HOST only the database store is measured.
*/
import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'

const APP_ROOT = new URL('../', import.meta.url)
const seconds = Number(process.argv[2] ?? 5)
const concurrency = Number(process.argv[3] ?? 16)

const app = new Ignitor(APP_ROOT, {
  importer: (filePath: string) =>
    filePath.startsWith('./') || filePath.startsWith('../')
      ? import(new URL(filePath, APP_ROOT).href)
      : import(filePath),
})
  .tap((application) => {
    application.booting(async () => {
      await import('#start/env')
    })
  })
  .createApp('console')

await app.init()
await app.boot()

const { default: hash } = await import('@adonisjs/core/services/hash')
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: redis } = await import('@adonisjs/redis/services/main')
const { default: Member } = await import('#models/member')
const { TokenService } = await import('#auth/token_service')
const { AuthSessions } = await import('#auth/auth_sessions')
const { JwtGuard } = await import('#auth/jwt_guard')
const { DatabaseTokenStore } = await import('#auth/stores/database_token_store')
const { RedisTokenStore } = await import('#auth/stores/redis_token_store')
const { redisEnabled } = await import('#config/redis')
type Store = InstanceType<typeof DatabaseTokenStore> | InstanceType<typeof RedisTokenStore>

const tokens = await app.container.make(TokenService)
const username = `bench_${process.pid}`
const member = await Member.create({
  username,
  usernameKey: Member.usernameKeyOf(username),
  email: `${username}@example.com`,
  password: await hash.make('bench-password'),
})

/* The guard only reads these three request methods. */
function fakeContext(authorization: string) {
  return {
    request: {
      header: (name: string) => (name === 'authorization' ? authorization : undefined),
      method: () => 'GET',
      plainCookie: () => undefined,
    },
  } as unknown as HttpContext
}

/* Runs `operation` from `concurrency` loops for `seconds`; answers ops/s. */
async function measure(operation: () => Promise<unknown>) {
  const deadline = performance.now() + seconds * 1000
  let done = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation()
        done++
      }
    })
  )
  return Math.round(done / ((performance.now() - started) / 1000))
}

const results: Record<string, number> = {}
try {
  const sample = await tokens.sign({ memberId: member.id, username, sid: 'x', typ: 'access' })
  results['jwt verify only'] = await measure(() => tokens.verify(sample.token, 'access'))

  const stores: [string, Store][] = [['database', new DatabaseTokenStore()]]
  if (redisEnabled) {
    stores.push(['redis', new RedisTokenStore(() => redis.connection('main').ioConnection)])
  }
  for (const [name, store] of stores) {
    const sessions = new AuthSessions(tokens, store)
    const pair = await sessions.start(member)
    const deps = {
      tokens,
      store: async () => store,
      sessions: async () => sessions,
    }
    const authorization = `Bearer ${pair.access.token}`
    /* Warm up, and check it really authenticates. */
    const user = await new JwtGuard(fakeContext(authorization), deps).authenticate()
    if (user.id !== member.id) {
      throw new Error('guard did not authenticate')
    }
    results[`guard, ${name} store`] = await measure(() =>
      new JwtGuard(fakeContext(authorization), deps).authenticate()
    )
    results[`store.validateAccess only, ${name}`] = await measure(() =>
      store.validateAccess(pair.access.claims.sid, pair.access.claims.jti)
    )
    await sessions.endAll(member.id)
  }
} finally {
  await member.delete()
}

console.log(
  `guard micro-benchmark: ${db.connection().dialect.name}, ${seconds}s per case, ${concurrency} in flight, node ${process.version}`
)
for (const [name, perSecond] of Object.entries(results)) {
  console.log(`  ${name.padEnd(36)} ${String(perSecond).padStart(8)} verified/s`)
}
await app.terminate()
