import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { LRUCache } from 'lru-cache'
import EngineReads from '#database/engine/engine_reads'

/* What the query builder gives back from toSQL(). */
interface CompilableQuery {
  toSQL(): { sql: string; bindings: readonly unknown[]; toNative(): { sql: string } }
}

type Slot = { param: string } | { value: unknown }
export type Values = Record<string, unknown>

const PARAM_PREFIX = '\u0000param:'

/** Statement shapes compiled and kept (a shape is a statement text, e.g. one sort and page size). */
const CACHE_SIZE = 1000

/**
 * A placeholder for a value given to run(). On SQLite it is written `+?`:
 * better-sqlite3 is built with SQLITE_ENABLE_STAT4, and once ANALYZE has
 * run, a statement comparing a bare bound value with an indexed column is
 * planned again on every run. Every lookup here is by key, where the value
 * cannot change the plan; unary plus returns its operand unchanged (no
 * affinity, like a bare parameter) but is an expression the planner does
 * not peek into.
 */
export function param(name: string) {
  const placeholder = db.connection().dialect.name === 'postgres' ? '?' : '+?'
  return db.knexRawQuery(placeholder, [`${PARAM_PREFIX}${name}`])
}

/**
 * A statement written with the Lucid query builder once and run many times
 * with new values: building and compiling a query costs several times what
 * running an indexed SELECT costs, and its text is the same on every
 * request. Values given per run are named: the builder gets `param('postId')`
 * where the value goes, and `run({ postId: 7 })` puts it in place.
 * Everything else in the builder is fixed by the shape's key.
 */
abstract class CompiledStatement {
  /** The statement with `?` placeholders, as Lucid's rawQuery takes it. */
  readonly sql: string
  /** The statement in the driver's own placeholders (`?` or `$1`). */
  readonly nativeSql: string
  readonly #slots: Slot[]

  constructor(query: CompilableQuery) {
    const compiled = query.toSQL()
    this.sql = compiled.sql
    this.nativeSql = compiled.toNative().sql
    this.#slots = compiled.bindings.map((binding) =>
      typeof binding === 'string' && binding.startsWith(PARAM_PREFIX)
        ? { param: binding.slice(PARAM_PREFIX.length) }
        : { value: binding }
    )
  }

  /* The values in placeholder order, as the driver takes them. */
  protected bind(values: Values, postgres: boolean) {
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
}

/**
 * A compiled statement run through Lucid, on the default connection or on
 * the client given to run() (a transaction's, for writes that must commit
 * with others): it sees what that client sees, and Lucid reports it
 * (`db:query`) as any query.
 */
export default class CompiledQuery extends CompiledStatement {
  static readonly #cache = new LRUCache<string, CompiledQuery>({ max: CACHE_SIZE })

  /**
   * The compiled statement of the shape `key`, built by `build` on first use.
   * The key must name everything `build` depends on, apart from params.
   */
  static of(key: string, build: () => CompilableQuery) {
    let query = this.#cache.get(key)
    if (!query) {
      query = new CompiledQuery(build())
      this.#cache.set(key, query)
    }
    return query
  }

  async run<Row = Record<string, any>>(
    values: Values = {},
    client: QueryClientContract = db.connection()
  ): Promise<Row[]> {
    const postgres = client.dialect.name === 'postgres'
    const result = await client.rawQuery(this.sql, this.bind(values, postgres))
    /* pg answers a result object; better-sqlite3 rows for a reader, a run summary otherwise. */
    if (postgres) {
      return result.rows as Row[]
    }
    return Array.isArray(result) ? (result as Row[]) : []
  }
}

/**
 * A compiled read run on the engine's own connections (EngineReads), not
 * through Lucid's pool: it sees committed data only, never a transaction's
 * uncommitted writes. For the public read pages (recipe lists and details).
 * Reported as Lucid's `db:query` when the connection debugs, like any query.
 */
export class CommittedRead extends CompiledStatement {
  static readonly #cache = new LRUCache<string, CommittedRead>({ max: CACHE_SIZE })

  /** As CompiledQuery.of. */
  static of(key: string, build: () => CompilableQuery) {
    let query = this.#cache.get(key)
    if (!query) {
      query = new CommittedRead(build())
      this.#cache.set(key, query)
    }
    return query
  }

  async run<Row = Record<string, any>>(values: Values = {}): Promise<Row[]> {
    const client = db.connection()
    const bindings = this.bind(values, client.dialect.name === 'postgres')
    if (!client.debug) {
      return EngineReads.all<Row>(this.nativeSql, bindings)
    }
    return reported(client, [[this.nativeSql, bindings]], () =>
      EngineReads.all<Row>(this.nativeSql, bindings)
    )
  }

  /**
   * Several committed reads that see one snapshot of the database (one
   * read transaction; EngineReads.allTogether), their rows in the same
   * order. For an answer built from more than one statement, so that its
   * parts agree with each other.
   */
  static async runTogether(reads: ReadonlyArray<readonly [CommittedRead, Values]>) {
    const client = db.connection()
    const postgres = client.dialect.name === 'postgres'
    const statements = reads.map(
      ([read, values]) => [read.nativeSql, read.bind(values, postgres)] as const
    )
    if (!client.debug) {
      return EngineReads.allTogether(statements)
    }
    return reported(client, statements, () => EngineReads.allTogether(statements))
  }
}

/* Runs `read`, then reports each of its statements as Lucid's `db:query` (what the connection's debug shows). */
async function reported<Result>(
  client: QueryClientContract,
  statements: ReadonlyArray<readonly [string, unknown[]]>,
  read: () => Result | Promise<Result>
): Promise<Result> {
  const startedAt = process.hrtime()
  const report = (error?: unknown) => {
    for (const [sql, bindings] of statements) {
      client.emitter.emit('db:query', {
        connection: client.connectionName,
        inTransaction: false,
        method: 'select',
        sql,
        bindings,
        duration: process.hrtime(startedAt),
        error,
      } as any)
    }
  }
  try {
    const result = await read()
    report()
    return result
  } catch (error) {
    report(error)
    throw error
  }
}
