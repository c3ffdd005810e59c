import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { defineConfig } from '@adonisjs/lucid'
import { WAL_BACKSTOP_PAGES } from '#database/engine/sqlite_checkpointer'

const migrations = { naturalSort: true, paths: ['database/migrations'] }

/* The SQLite file's folder (tmp/ by default) is not tracked: create it on first use. */
const sqliteFile = app.makePath(env.get('SQLITE_FILE') ?? 'tmp/db.sqlite3')
if (env.get('DB_CONNECTION') === 'sqlite') {
  mkdirSync(dirname(sqliteFile), { recursive: true })
}

/*
 * Time limits (contract §7): no request waits on PostgreSQL without a bound.
 * Connecting and waiting for a pooled connection are bounded everywhere;
 * statements are bounded for the server and the tests, not for ace commands
 * (migrations and imports are operator-run batches that may take long). The
 * server-side statement_timeout cancels a slow statement cleanly (57014); the
 * client's query_timeout, a second later, covers a server that does not
 * answer at all. Both become 503 in app/exceptions/handler.ts.
 */
export const pgTimeLimits = {
  connectMs: env.get('PG_CONNECT_TIMEOUT_MS', 3000),
  acquireMs: env.get('PG_ACQUIRE_TIMEOUT_MS', 3000),
  /* 0: no limit. */
  statementMs: app.getEnvironment() === 'console' ? 0 : env.get('PG_STATEMENT_TIMEOUT_MS', 5000),
}
const pgConnectTimeout = pgTimeLimits.connectMs
const pgAcquireTimeout = pgTimeLimits.acquireMs
const pgStatementTimeout = pgTimeLimits.statementMs
const pgTimeouts = {
  connectionTimeoutMillis: pgConnectTimeout,
  keepAlive: true,
  ...(pgStatementTimeout > 0 && {
    statement_timeout: pgStatementTimeout,
    query_timeout: pgStatementTimeout + 1000,
  }),
}
const pgUrl = env.get('DATABASE_URL')

/*
 * knex's own log lines (knex's documented `log` option; Lucid's default
 * forwards them as they are). While the database is down knex warns once per
 * request with a stack ("Acquire connection error: …"); DependencyStatus logs
 * the outage once instead, so knex's lines keep their first line only, and
 * its warnings go to debug.
 */
const firstLine = (message: unknown) => String(message).split('\n', 1)[0]
const knexLog = {
  warn: (message: unknown) => logger.debug({ source: 'knex' }, firstLine(message)),
  error: (message: unknown) => logger.error({ source: 'knex' }, firstLine(message)),
  deprecate: (message: unknown) => logger.info({ source: 'knex' }, firstLine(message)),
  debug: (message: unknown) => logger.debug({ source: 'knex' }, firstLine(message)),
}
/* Lucid passes a connection's config on to knex, but its types do not list `log`. */
const knexLogOption: object = { log: knexLog }

/*
 * SQLite is the embedded default (no server to install); PostgreSQL is the
 * production database. The same migrations run on both.
 */
const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION'),
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      ...knexLogOption,
      connection: {
        filename: sqliteFile,
      },
      useNullAsDefault: true,
      pool: {
        /*
         * Foreign keys are compiled ON in better-sqlite3, stated here anyway; WAL
         * lets readers run while a writer commits; busy_timeout makes concurrent
         * writers wait instead of failing with SQLITE_BUSY. Checkpoints run on a
         * worker thread (database/engine/sqlite_checkpointer.ts); the connection's own
         * auto-checkpoint is only the backstop.
         */
        afterCreate: (conn: any, done: (error: Error | null, conn: unknown) => void) => {
          conn.pragma('foreign_keys = ON')
          conn.pragma('journal_mode = WAL')
          conn.pragma('synchronous = NORMAL')
          conn.pragma('busy_timeout = 5000')
          conn.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`)
          done(null, conn)
        },
      },
      migrations,
      schemaGeneration: { enabled: false },
    },
    pg: {
      client: 'pg',
      ...knexLogOption,
      connection: pgUrl
        ? { connectionString: pgUrl, ...pgTimeouts }
        : {
            host: env.get('PG_HOST', '127.0.0.1'),
            port: env.get('PG_PORT', 5432),
            user: env.get('PG_USER', 'postgres'),
            password: env.get('PG_PASSWORD')?.release(),
            database: env.get('PG_DB_NAME', 'hankki'),
            ...pgTimeouts,
          },
      pool: {
        min: 0,
        max: env.get('PG_POOL_MAX', 10),
        acquireTimeoutMillis: pgAcquireTimeout,
        createTimeoutMillis: pgConnectTimeout,
      },
      migrations,
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
