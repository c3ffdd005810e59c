import db from '@adonisjs/lucid/services/db'
import SqliteReader, { type SqliteStatement } from '#database/sqlite_reader'

/* What the query builder gives back from toSQL(). */
interface CompilableQuery {
  toSQL(): { sql: string; bindings: readonly unknown[]; toNative(): { sql: string } }
}

/* The two drivers' connections, as far as compiled statements need them. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement
  transaction<T>(work: () => T): () => T
}
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

type Slot = { param: string } | { value: unknown }
type Values = Record<string, unknown>
type QueryClient = ReturnType<typeof db.connection>

/* Runs a compiled statement inside CompiledQuery.sqliteTransaction(). */
export type RunInTransaction = <Row = Record<string, any>>(
  query: CompiledQuery,
  values?: Values
) => Row[]

const PARAM_PREFIX = '\u0000param:'

/** Most shapes compiled and kept (a shape is a statement text, e.g. one sort and page size). */
const CACHE_SIZE = 1000
const cache = new Map<string, CompiledQuery>()
/* The last statement queued on each transaction client (see #inTurn). */
const turns = new WeakMap<object, Promise<unknown>>()

/**
 * A statement written with the Lucid query builder once and run many times
 * with new values.
 *
 * Building a query, compiling it to SQL and passing it down knex's runner
 * costs several times what running an indexed SELECT costs (~50 µs against
 * 3–10 µs per statement on SQLite, profiled on the recipe list and detail),
 * and the text is the same on every request. The hot paths therefore build
 * each statement shape once, keep its SQL here, and run it on a connection
 * taken from the same Lucid pool (reads on SQLite: on its read connection,
 * database/sqlite_reader.ts): the driver-level statement reuse of
 * database/prepared_statements.ts applies, and Lucid's `db:query` event is
 * emitted when the connection has `debug` on, as for any query.
 *
 * Values given per run are named: the builder gets `param('postId')` where
 * the value goes, and `run({ postId: 7 })` puts it in place. Everything else
 * in the builder is fixed by the shape's key. Reads, and writes that are one
 * statement (`{ write: true }`: atomic on their own, run on the write
 * connection); several writes that must commit together go through
 * sqliteTransaction() on SQLite, or are one statement on PostgreSQL.
 */
export default class CompiledQuery {
  /** The statement in the driver's own placeholders (`?` or `$1`). */
  readonly sql: string
  readonly #slots: Slot[]
  readonly #write: boolean

  /** A placeholder for a value given to run(). */
  static param(name: string): string {
    return `${PARAM_PREFIX}${name}`
  }

  /**
   * The compiled statement of the shape `key`, built by `build` on first use.
   * The key must name everything `build` depends on, apart from params.
   */
  static of(key: string, build: () => CompilableQuery, options: { write?: boolean } = {}) {
    let query = cache.get(key)
    if (query) {
      /* Most recently used last: the first entry is the one evicted. */
      cache.delete(key)
    } else {
      query = new CompiledQuery(build(), options.write ?? false)
      if (cache.size >= CACHE_SIZE) {
        cache.delete(cache.keys().next().value!)
      }
    }
    cache.set(key, query)
    return query
  }

  /**
   * SQLite: runs compiled statements in one transaction, on one connection
   * of the Lucid pool, synchronously (better-sqlite3 blocks): nothing else
   * runs between them, and no `await` separates BEGIN, the statements and
   * COMMIT. A throw rolls everything back. Inside a transaction (a test's
   * global one) it is a savepoint of it. knex's own transactions cost a
   * round of promises per statement and a new knex instance per transaction
   * (a quarter of a new recipe's CPU time in profiles).
   */
  static async sqliteTransaction<T>(work: (run: RunInTransaction) => T): Promise<T> {
    const client = db.connection()
    if (client.dialect.name === 'postgres') {
      throw new Error('CompiledQuery.sqliteTransaction() runs on SQLite only')
    }
    const pool = client.getWriteClient().client
    const connection: SqliteConnection = await pool.acquireConnection()
    try {
      const run: RunInTransaction = <Row>(query: CompiledQuery, values: Values = {}) => {
        const bindings = query.#bind(values, false)
        return query.#observe(client, bindings, () => query.#runOnSqlite<Row>(connection, bindings))
      }
      return connection.transaction(() => work(run))()
    } finally {
      pool.releaseConnection(connection)
    }
  }

  constructor(query: CompilableQuery, write = false) {
    const compiled = query.toSQL()
    this.sql = compiled.toNative().sql
    this.#write = write
    this.#slots = compiled.bindings.map((binding) =>
      typeof binding === 'string' && binding.startsWith(PARAM_PREFIX)
        ? { param: binding.slice(PARAM_PREFIX.length) }
        : { value: binding }
    )
  }

  async run<Row = Record<string, any>>(values: Values = {}): Promise<Row[]> {
    const client = db.connection()
    const bindings = this.#bind(values, client.dialect.name === 'postgres')
    if (client.isTransaction) {
      return this.#inTurn(client, () => this.#execute<Row>(client, bindings))
    }
    return this.#execute<Row>(client, bindings)
  }

  /* The values in placeholder order, as the driver takes them. */
  #bind(values: Values, postgres: boolean) {
    return this.#slots.map((slot) => {
      const value = 'value' in slot ? slot.value : values[slot.param]
      if (typeof value === 'number' || typeof value === 'string') {
        return value
      }
      /* As knex binds them: pg sends a Date as timestamptz, better-sqlite3 takes epoch ms. */
      if (value instanceof Date) {
        return postgres ? value : value.getTime()
      }
      /* pg sends an array as a PostgreSQL array (`unnest(?::integer[])`). */
      if (postgres && Array.isArray(value)) {
        return value
      }
      throw new TypeError(
        `"${'param' in slot ? slot.param : value}" is not a number, a string or a Date in: ${this.sql}`
      )
    })
  }

  /*
   * Outside tests, db.connection() is never a transaction. A test's global
   * transaction is one connection, and a pg client must not be sent a
   * statement while it runs another (deprecated in pg 8, an error in pg 9):
   * statements through it run one after another.
   */
  #inTurn<T>(client: object, execute: () => Promise<T>): Promise<T> {
    const previous = turns.get(client) ?? Promise.resolve()
    const next = previous.then(execute, execute)
    turns.set(
      client,
      next.catch(() => {})
    )
    return next
  }

  async #execute<Row>(client: QueryClient, bindings: unknown[]) {
    /* A read outside a transaction: SQLite's read connection, where it is open (no pool borrowing). */
    const reader = this.#write || client.isTransaction ? null : SqliteReader.connection()
    if (reader && client.dialect.name !== 'postgres') {
      return this.#observe(client, bindings, () => this.#runOnSqlite<Row>(reader, bindings))
    }
    const pool = (this.#write ? client.getWriteClient() : client.getReadClient()).client
    const connection = await pool.acquireConnection()
    try {
      return await this.#observe(client, bindings, async () => {
        if (client.dialect.name === 'postgres') {
          const result = await (connection as PgConnection).query({
            text: this.sql,
            values: bindings,
          })
          return result.rows as Row[]
        }
        return this.#runOnSqlite<Row>(connection, bindings)
      })
    } finally {
      pool.releaseConnection(connection)
    }
  }

  #runOnSqlite<Row>(connection: Pick<SqliteConnection, 'prepare'>, bindings: unknown[]): Row[] {
    const statement = connection.prepare(this.sql)
    if (statement.reader) {
      return statement.all(...bindings) as Row[]
    }
    statement.run(...bindings)
    return []
  }

  /* Runs the statement; emits Lucid's `db:query` event when the connection debugs. */
  #observe<T>(client: QueryClient, bindings: unknown[], execute: () => T): T {
    if (!client.debug) {
      return execute()
    }
    const startedAt = process.hrtime()
    const report = (error?: unknown) =>
      client.emitter.emit('db:query', {
        connection: client.connectionName,
        inTransaction: client.isTransaction,
        method: this.#write ? 'raw' : 'select',
        sql: this.sql,
        bindings,
        duration: process.hrtime(startedAt),
        error,
      } as any)
    let result: T
    try {
      result = execute()
    } catch (error) {
      report(error)
      throw error
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          report()
          return value
        },
        (error) => {
          report(error)
          throw error
        }
      ) as T
    }
    report()
    return result
  }
}

export const param = CompiledQuery.param
