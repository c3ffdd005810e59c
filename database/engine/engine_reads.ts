import db from '@adonisjs/lucid/services/db'
import SqliteReads, { type Read } from '#database/engine/sqlite_reads'
import PgReads from '#database/engine/pg_reads'

/*
 * Where the engine's committed reads run: its own connections to the
 * database Lucid's default connection names (SqliteReads: a better-sqlite3
 * connection of its own; PgReads: a pg.Pool of its own). Opened on first
 * use, closed by providers/database_engine_provider.ts at shutdown.
 */
export default class EngineReads {
  static #target: SqliteReads | PgReads | null = null

  /** The rows; at once on SQLite (better-sqlite3 is synchronous), a promise on PostgreSQL. */
  static all<Row>(sql: string, values: unknown[]): Row[] | Promise<Row[]> {
    return (this.#target ??= this.#open()).all<Row>(sql, values)
  }

  /**
   * Several statements that see one snapshot (SQLite: one read transaction;
   * PostgreSQL: one REPEATABLE READ READ ONLY transaction on one connection),
   * their rows in the same order.
   */
  static allTogether(reads: readonly Read[]): unknown[][] | Promise<unknown[][]> {
    return (this.#target ??= this.#open()).allTogether(reads)
  }

  static #open() {
    const { config } = db.manager.get(db.primaryConnectionName)!
    if (config.client === 'pg') {
      return new PgReads(config.connection as any)
    }
    const filename = (config.connection as { filename?: string } | undefined)?.filename
    if (!filename || filename === ':memory:') {
      throw new Error('The engine reads a SQLite file, not an in-memory database')
    }
    return new SqliteReads(filename)
  }

  /** SQLite's data version (SqliteReads.dataVersion); null on PostgreSQL, which has none. */
  static dataVersion(): number | null {
    const target = (this.#target ??= this.#open())
    return target instanceof SqliteReads ? target.dataVersion() : null
  }

  /** Closes the engine's connections; a later read opens them again. */
  static async close() {
    const target = this.#target
    this.#target = null
    await target?.close()
  }
}
