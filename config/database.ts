import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import { WAL_BACKSTOP_PAGES } from '#database/engine/sqlite_checkpointer'

const migrations = { naturalSort: true, paths: ['database/migrations'] }

/* The SQLite file's folder (tmp/ by default) is not tracked: create it on first use. */
const sqliteFile = app.makePath(env.get('SQLITE_FILE') ?? 'tmp/db.sqlite3')
if (env.get('DB_CONNECTION') === 'sqlite') {
  mkdirSync(dirname(sqliteFile), { recursive: true })
}

/*
 * SQLite is the embedded default (no server to install); PostgreSQL is the
 * production database. The same migrations run on both.
 */
const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION'),
  connections: {
    sqlite: {
      client: 'better-sqlite3',
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
      connection: env.get('DATABASE_URL') ?? {
        host: env.get('PG_HOST', '127.0.0.1'),
        port: env.get('PG_PORT', 5432),
        user: env.get('PG_USER', 'postgres'),
        password: env.get('PG_PASSWORD')?.release(),
        database: env.get('PG_DB_NAME', 'hankki'),
      },
      pool: {
        min: 0,
        max: env.get('PG_POOL_MAX', 10),
      },
      migrations,
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
