import { createRequire } from 'node:module'
import { LRUCache } from 'lru-cache'

/* A prepared better-sqlite3 statement, as far as the reads run them. */
interface SqliteStatement {
  all(...values: unknown[]): unknown[]
  run(...values: unknown[]): unknown
}

/** A statement text and its values, as `all()` takes them. */
export type Read = readonly [sql: string, values: unknown[]]

/* better-sqlite3's Database, as far as the reads need it. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  pragma(source: string): unknown
  transaction<Args extends unknown[], Result>(
    fn: (...args: Args) => Result
  ): (...args: Args) => Result
  close(): void
}

/* Distinct statement texts kept prepared (the app reads a few dozen shapes). */
export const STATEMENT_CACHE_SIZE = 256

/*
 * Bytes of the file the read connection maps into memory (PRAGMA
 * mmap_size): a page read from the map is a memory access, not a pread()
 * call per page missing from SQLite's small page cache. The connection is
 * query_only, so the map is only ever read. Pages come from the OS page
 * cache either way; mapped ones also count in the process's RSS.
 */
export const MMAP_BYTES = 256 * 1024 * 1024

/**
 * The engine's SQLite connection for committed reads, opened on the file
 * Lucid's connection uses. better-sqlite3 runs a statement synchronously,
 * so one connection serves every read without a pool; in WAL mode it sees
 * what is committed and is never blocked by the writer (Lucid's pool
 * connection), so a read never waits for a write transaction held across
 * awaits. `query_only` makes it refuse any write. Its prepared statements
 * are kept by text (`db.prepare()` once per text).
 */
export default class SqliteReads {
  readonly connection: SqliteDatabase
  readonly #statements = new LRUCache<string, SqliteStatement>({ max: STATEMENT_CACHE_SIZE })
  readonly #dataVersion: SqliteStatement
  readonly #together: (reads: readonly Read[]) => unknown[][]

  constructor(filename: string) {
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (
      filename: string
    ) => SqliteDatabase
    this.connection = new Database(filename)
    this.connection.pragma('query_only = ON')
    /* Only while the file's WAL is being recovered can a reader be kept waiting. */
    this.connection.pragma('busy_timeout = 5000')
    this.connection.pragma(`mmap_size = ${MMAP_BYTES}`)
    this.#dataVersion = this.connection.prepare('PRAGMA data_version')
    this.#together = this.connection.transaction((reads: readonly Read[]) =>
      reads.map(([sql, values]) => this.all(sql, values))
    )
  }

  /**
   * SQLite's `PRAGMA data_version` on this connection: a number that changes
   * whenever another connection, of this process or any other, has committed
   * to the file since this one last asked (this one never writes). Equal
   * values around some reads mean no commit came between: what they read is
   * still what the database holds while the value stays the same.
   */
  dataVersion(): number {
    const [row] = this.#dataVersion.all() as { data_version: number }[]
    return row.data_version
  }

  all<Row>(sql: string, values: unknown[]): Row[] {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.connection.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement.all(...values) as Row[]
  }

  /**
   * Several statements in one read transaction (better-sqlite3's
   * `transaction()`: BEGIN, the statements, COMMIT; ROLLBACK if one throws):
   * they see one snapshot of the file, and the file's read lock is taken
   * and released once instead of once per statement.
   */
  allTogether(reads: readonly Read[]): unknown[][] {
    return this.#together(reads)
  }

  async close() {
    this.#statements.clear()
    this.connection.close()
  }
}
