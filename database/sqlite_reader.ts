import { createRequire } from 'node:module'
import { reuseSqliteStatements } from '#database/prepared_statements'

/* A prepared better-sqlite3 statement, as far as the app runs them. */
export interface SqliteStatement {
  /* Whether the statement returns rows (a SELECT, or a write with RETURNING). */
  reader: boolean
  all(...values: unknown[]): unknown[]
  run(...values: unknown[]): unknown
}

/* better-sqlite3's Database, as far as the reader needs it. */
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  pragma(source: string): unknown
  close(): void
}

/*
 * A connection of its own for the compiled reads on SQLite (recipe lists and
 * details, see app/services/compiled_query.ts).
 *
 * knex's SQLite pool is one connection, and every statement borrows it through
 * tarn: a promise, a timeout timer and a release per statement, which for a
 * cached list page was about a tenth of the server's CPU per request
 * (alternating runs of the built server on the benchmark data, `/proc` CPU
 * per request: 89.9 µs with the pool, 81.0 µs with this reader). better-sqlite3
 * runs a statement synchronously, so one connection serves every read without
 * borrowing; and in WAL mode a reader sees what is committed and is never
 * blocked by the writer, so a read no longer waits for a write transaction
 * that holds the pool's connection across awaits. `query_only` makes it refuse
 * any write; writes stay on the pool's connection.
 *
 * Opened by providers/sqlite_provider.ts for the HTTP server and the tests
 * (not for ace commands), on first use, and closed at shutdown.
 */
export default class SqliteReader {
  static #filename: string | null = null
  static #connection: SqliteDatabase | null = null

  /** Reads of `filename` may use the reader from now on. */
  static enable(filename: string) {
    this.#filename = filename
  }

  /** The reader's connection, or null where it is not enabled (ace commands, PostgreSQL). */
  static connection(): SqliteDatabase | null {
    if (!this.#connection && this.#filename) {
      const Database = createRequire(import.meta.url)('better-sqlite3') as new (
        filename: string
      ) => SqliteDatabase
      const connection = new Database(this.#filename)
      connection.pragma('query_only = ON')
      /* Only while the file's WAL is being recovered can a reader be kept waiting. */
      connection.pragma('busy_timeout = 5000')
      reuseSqliteStatements(connection)
      this.#connection = connection
    }
    return this.#connection
  }

  /** Closes the connection; later reads go through the pool. */
  static close() {
    this.#filename = null
    this.#connection?.close()
    this.#connection = null
  }
}
