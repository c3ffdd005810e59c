/*
| Every environment variable the app reads is declared and validated here, and
| documented in .env.example. Boot fails on a missing or malformed value.
*/
import { Env } from '@adonisjs/core/env'

/*
 * Read by Node, libuv and glibc when a process starts, so .env cannot set
 * them for this process; but what .env assigns is copied into process.env
 * and from there into every process started from this one (the test runner
 * under `node ace test`, the dev server, the tests' server processes). There
 * an empty value (`MALLOC_MMAP_THRESHOLD_=` in an .env copied from an older
 * .env.example) means 0: glibc gave every malloc an mmap of its own (a server
 * started in 20 s instead of 2 s) and libuv ran one thread. Empty ones are
 * dropped, so children get the defaults.
 */
export const PROCESS_START_VARIABLES = [
  'NODE_OPTIONS',
  'UV_THREADPOOL_SIZE',
  'MALLOC_ARENA_MAX',
  'MALLOC_MMAP_THRESHOLD_',
] as const

/** Removes the empty process-start variables from `environment` (process.env). */
export function dropEmptyProcessStartVariables(environment: NodeJS.ProcessEnv) {
  for (const name of PROCESS_START_VARIABLES) {
    if (environment[name] === '') {
      delete environment[name]
    }
  }
}

const env = await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  /* Read by Node itself before the app starts; declared here as part of the documented set. */
  NODE_OPTIONS: Env.schema.string.optional(),
  /* Read by libuv; the app hashes passwords on all its threads but one (the image uses 3). */
  UV_THREADPOOL_SIZE: Env.schema.number.optional(),
  /* Read by glibc's malloc: arenas for the process's threads (the image uses 2). */
  MALLOC_ARENA_MAX: Env.schema.number.optional(),
  /* Read by glibc's malloc: blocks at least this large are mapped on their own (the image: 128 KiB). */
  MALLOC_MMAP_THRESHOLD_: Env.schema.number.optional(),
  LOG_LEVEL: Env.schema.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /*
   * Database: the embedded SQLite file by default, PostgreSQL with DB_CONNECTION=pg.
   * DATABASE_URL, when set, wins over the PG_* variables.
   */
  DB_CONNECTION: Env.schema.enum(['sqlite', 'pg'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DATABASE_URL: Env.schema.string.optional(),
  PG_HOST: Env.schema.string.optional({ format: 'host' }),
  PG_PORT: Env.schema.number.optional(),
  PG_USER: Env.schema.string.optional(),
  PG_PASSWORD: Env.schema.secret.optional(),
  PG_DB_NAME: Env.schema.string.optional(),
  PG_POOL_MAX: Env.schema.number.optional(),
  /*
   * Time limits (contract §7): opening a connection, waiting for a pooled one,
   * and each statement (server-side statement_timeout; the client gives up one
   * second later when the server does not answer at all).
   */
  PG_CONNECT_TIMEOUT_MS: Env.schema.number.optional(),
  PG_ACQUIRE_TIMEOUT_MS: Env.schema.number.optional(),
  PG_STATEMENT_TIMEOUT_MS: Env.schema.number.optional(),

  /*
   * Redis is optional: when REDIS_HOST is empty the token store and the rate
   * limiter use the database instead.
   */
  REDIS_HOST: Env.schema.string.optional(),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.secret.optional(),
  REDIS_DB: Env.schema.number.optional(),
  REDIS_KEY_PREFIX: Env.schema.string.optional(),

  /*
   * Authentication: JWT signing material (derived from APP_KEY when JWT_SECRET is
   * empty), claims, lifetimes, cookie flags and the token store.
   */
  JWT_SECRET: Env.schema.secret.optional(),
  JWT_ISSUER: Env.schema.string.optional(),
  JWT_AUDIENCE: Env.schema.string.optional(),
  JWT_ACCESS_TTL: Env.schema.string.optional(),
  JWT_REFRESH_TTL: Env.schema.string.optional(),
  COOKIE_SECURE: Env.schema.boolean.optional(),
  TOKEN_STORE: Env.schema.enum.optional(['redis', 'database'] as const),

  /*
   * Rate limits (see .env.example for the windows) and CORS.
   */
  LIMITER_STORE: Env.schema.enum.optional(['redis', 'database', 'memory'] as const),
  RATE_LIMIT_LOGIN_FAILURES: Env.schema.number.optional(),
  RATE_LIMIT_SIGNUPS_PER_HOUR: Env.schema.number.optional(),
  RATE_LIMIT_WRITES_PER_MINUTE: Env.schema.number.optional(),
  CORS_ORIGINS: Env.schema.string.optional(),
})

dropEmptyProcessStartVariables(process.env)

export default env
