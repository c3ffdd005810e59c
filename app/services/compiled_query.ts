import db from '@adonisjs/lucid/services/db'

/* What the query builder gives back from toSQL(). */
interface CompilableQuery {
  toSQL(): { sql: string; bindings: readonly unknown[]; toNative(): { sql: string } }
}

/* The two drivers' connections, as far as a read needs them. */
interface SqliteConnection {
  prepare(sql: string): { all(...values: unknown[]): unknown[] }
}
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

type Slot = { param: string } | { value: unknown }

const PARAM_PREFIX = '\u0000param:'

/** Most shapes compiled and kept (a shape is a statement text, e.g. one sort and page size). */
const CACHE_SIZE = 1000
const cache = new Map<string, CompiledQuery>()
/* The last statement queued on each transaction client (see #inTurn). */
const turns = new WeakMap<object, Promise<unknown>>()

/**
 * A read statement written with the Lucid query builder once and run many
 * times with new values.
 *
 * Building a query, compiling it to SQL and passing it down knex's runner
 * costs several times what running an indexed SELECT costs (~50 µs against
 * 3–10 µs per statement on SQLite, profiled on the recipe list and detail),
 * and the text is the same on every request. The hot read paths therefore
 * build each statement shape once, keep its SQL here, and run it on a
 * connection taken from the same Lucid pool: the driver-level statement
 * reuse of database/prepared_statements.ts applies, and Lucid's `db:query`
 * event is emitted when the connection has `debug` on, as for any query.
 *
 * Values given per run are named: the builder gets `param('postId')` where
 * the value goes, and `run({ postId: 7 })` puts it in place. Everything else
 * in the builder is fixed by the shape's key. Reads only, outside
 * transactions.
 */
export default class CompiledQuery {
  /** The statement in the driver's own placeholders (`?` or `$1`). */
  readonly sql: string
  readonly #slots: Slot[]

  /** A placeholder for a value given to run(). */
  static param(name: string): string {
    return `${PARAM_PREFIX}${name}`
  }

  /**
   * The compiled statement of the shape `key`, built by `build` on first use.
   * The key must name everything `build` depends on, apart from params.
   */
  static of(key: string, build: () => CompilableQuery) {
    let query = cache.get(key)
    if (query) {
      /* Most recently used last: the first entry is the one evicted. */
      cache.delete(key)
    } else {
      query = new CompiledQuery(build())
      if (cache.size >= CACHE_SIZE) {
        cache.delete(cache.keys().next().value!)
      }
    }
    cache.set(key, query)
    return query
  }

  constructor(query: CompilableQuery) {
    const compiled = query.toSQL()
    this.sql = compiled.toNative().sql
    this.#slots = compiled.bindings.map((binding) =>
      typeof binding === 'string' && binding.startsWith(PARAM_PREFIX)
        ? { param: binding.slice(PARAM_PREFIX.length) }
        : { value: binding }
    )
  }

  async run<Row = Record<string, any>>(values: Record<string, unknown> = {}): Promise<Row[]> {
    const bindings = this.#slots.map((slot) => {
      const value = 'value' in slot ? slot.value : values[slot.param]
      /* Both drivers take these as they are (knex would convert Dates and booleans). */
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new TypeError(
          `"${'param' in slot ? slot.param : value}" is not a number or a string in: ${this.sql}`
        )
      }
      return value
    })

    const client = db.connection()
    if (client.isTransaction) {
      return this.#inTurn(client, () => this.#execute<Row>(client, bindings))
    }
    return this.#execute<Row>(client, bindings)
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

  async #execute<Row>(client: ReturnType<typeof db.connection>, bindings: unknown[]) {
    const pool = client.getReadClient().client
    const startedAt = client.debug ? process.hrtime() : undefined
    const connection = await pool.acquireConnection()
    let error: unknown
    try {
      if (client.dialect.name === 'postgres') {
        const result = await (connection as PgConnection).query({
          text: this.sql,
          values: bindings,
        })
        return result.rows as Row[]
      }
      return (connection as SqliteConnection).prepare(this.sql).all(...bindings) as Row[]
    } catch (caught) {
      error = caught
      throw caught
    } finally {
      pool.releaseConnection(connection)
      if (startedAt) {
        client.emitter.emit('db:query', {
          connection: client.connectionName,
          inTransaction: client.isTransaction,
          method: 'select',
          sql: this.sql,
          bindings,
          duration: process.hrtime(startedAt),
          error,
        } as any)
      }
    }
  }
}

export const param = CompiledQuery.param
