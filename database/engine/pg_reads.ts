import pg from 'pg'
import { LRUCache } from 'lru-cache'
import env from '#start/env'
import { pgTimeLimits } from '#config/database'
import type { Read } from '#database/engine/sqlite_reads'

/* Named statements a connection prepares before it is closed and replaced. */
export const STATEMENTS_PER_CONNECTION = 256

/* Statement names by text; a text gets a new name only after it was forgotten here. */
const names = new LRUCache<string, string>({ max: 4 * STATEMENTS_PER_CONNECTION })
let issued = 0

/** The name a statement text is prepared under (`hankki_<n>`, one text per name). */
export function statementName(text: string) {
  let name = names.get(text)
  if (!name) {
    name = `hankki_${++issued}`
    names.set(text, name)
  }
  return name
}

/** Lucid's pg connection setting: a connection string or pg's client options. */
type PgConnectionSetting = string | pg.ClientConfig

/**
 * The engine's PostgreSQL pool for committed reads: a pg.Pool of its own on
 * the database Lucid's connection names. Every statement is sent named
 * (`{ name, text, values }`), so the server parses and plans it once per
 * connection instead of on every run. Page statements have literal LIMIT
 * and OFFSET, so their texts are many: a connection that has prepared
 * STATEMENTS_PER_CONNECTION names is closed after its query (pg's
 * `release(true)`) and the pool opens a fresh one.
 *
 * Time limits come from the same variables as Lucid's pool: opening a
 * connection or waiting for one (pg.Pool bounds both with one limit), and
 * each statement (server-side statement_timeout; the client gives up a
 * second later when the server does not answer at all).
 */
export default class PgReads {
  readonly pool: pg.Pool
  readonly #prepared = new WeakMap<pg.PoolClient, Set<string>>()

  constructor(connection: PgConnectionSetting, max = env.get('PG_POOL_MAX', 10)) {
    const statementTimeout = pgTimeLimits.statementMs
    this.pool = new pg.Pool({
      ...(typeof connection === 'string' ? { connectionString: connection } : connection),
      max,
      connectionTimeoutMillis: Math.max(pgTimeLimits.connectMs, pgTimeLimits.acquireMs),
      ...(statementTimeout > 0 && {
        statement_timeout: statementTimeout,
        query_timeout: statementTimeout + 1000,
      }),
    })
    /* An idle connection that fails is dropped by the pool; the next read opens another. */
    this.pool.on('error', () => {})
  }

  async all<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const [rows] = await this.#onOneClient([[text, values]], false)
    return rows as Row[]
  }

  /**
   * Several statements that see one snapshot: on one connection, in one
   * `REPEATABLE READ READ ONLY` transaction.
   */
  allTogether(reads: readonly Read[]): Promise<unknown[][]> {
    return this.#onOneClient(reads, true)
  }

  async #onOneClient(reads: readonly Read[], together: boolean): Promise<unknown[][]> {
    const client = await this.pool.connect()
    let replace = false
    try {
      const prepared = this.#prepared.get(client) ?? new Set()
      this.#prepared.set(client, prepared)
      if (together) {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      }
      const results: unknown[][] = []
      for (const [text, values] of reads) {
        const name = statementName(text)
        prepared.add(name)
        const result = await client.query({ name, text, values })
        results.push(result.rows)
      }
      if (together) {
        await client.query('COMMIT')
      }
      replace = prepared.size >= STATEMENTS_PER_CONNECTION
      return results
    } catch (error) {
      /* Also ends a transaction left open: the connection is closed, not reused. */
      replace = true
      throw error
    } finally {
      client.release(replace)
    }
  }

  async close() {
    await this.pool.end()
  }
}
