/*
 * Statement reuse at the driver level, installed on every pooled connection
 * by config/database.ts. Both fixes are below knex, so every query of the
 * app (query builder, raw or model) benefits without knowing about them.
 */

/* Distinct SQL texts kept prepared per connection (the app issues a few dozen shapes). */
export const STATEMENT_CACHE_SIZE = 256

/* Statements whose `?` values are rewritten on SQLite and named on PostgreSQL. */
const REUSABLE = /^\s*(select|insert|update|delete|with)\b/i

interface SqliteConnection {
  prepare: (sql: string) => unknown
}

/**
 * better-sqlite3: keep prepared statements by SQL text.
 *
 * - knex prepares every statement anew, which cost ~16 % of a list request in
 *   profiles. Prepared statements are reusable, and knex only calls
 *   all()/run() on them (it changes no statement state unless safeIntegers
 *   is asked for, which this app never does), so the connection keeps them,
 *   oldest dropped first.
 * - better-sqlite3 is built with SQLITE_ENABLE_STAT4. Once ANALYZE (or
 *   `PRAGMA optimize`) has written sqlite_stat4, a statement that compares a
 *   bound value with an indexed column is planned again every time a value is
 *   bound, because the plan may depend on it: 11 µs instead of 3.5 µs for a
 *   one-index lookup, 43 µs instead of 8 µs for the recipe's comments. Every
 *   lookup here is by key, where the value cannot change the plan, so values
 *   are written `+?`: unary plus returns its operand unchanged (same value,
 *   no affinity, like a bare parameter) but is an expression, which the
 *   planner does not peek into.
 */
export function reuseSqliteStatements(conn: SqliteConnection) {
  const prepare = conn.prepare.bind(conn)
  const statements = new Map<string, unknown>()
  conn.prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = prepare(REUSABLE.test(sql) ? unpeekableParameters(sql) : sql)
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        statements.delete(statements.keys().next().value!)
      }
      statements.set(sql, statement)
    }
    return statement
  }
}

/** `?` → `+?` outside quoted strings and identifiers (the only placeholders knex writes are `?`). */
export function unpeekableParameters(sql: string) {
  let result = ''
  let quote: string | null = null
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char
    } else if (char === '?') {
      result += '+'
    }
    result += char
  }
  return result
}

interface PgQueryConfig {
  text?: string
  name?: string
  values?: unknown[]
}

interface PgConnection {
  query: (config: unknown, values?: unknown, callback?: unknown) => unknown
  connection?: {
    parsedStatements?: Record<string, string>
    submittedNamedStatements?: Record<string, string>
  }
}

/**
 * pg: name the statements.
 *
 * knex sends every PostgreSQL statement unnamed, so the server parses and
 * plans it on every run: for the recipe list's page query that was 0.5 ms of
 * planning per request, three times its execution. The connection names each
 * DML text it sends (named statements are parsed and planned once per
 * connection), keeping the most recently used STATEMENT_CACHE_SIZE and
 * deallocating the others. DDL, BEGIN/COMMIT and SET stay unnamed (only a
 * single DML statement can be prepared). A text whose result columns change
 * under a running server (a migration dropping a column it selects) fails
 * until its connection is recycled, so schema changes ship with a rolling
 * restart.
 */
export function namePgStatements(conn: PgConnection) {
  const query = conn.query.bind(conn)
  const names = new Map<string, string>()
  let issued = 0

  /* The oldest name, forgotten by the driver; the server's copy is deallocated by the caller. */
  function evictOldest() {
    const [text, name] = names.entries().next().value!
    names.delete(text)
    const parsed = conn.connection?.parsedStatements
    if (parsed?.[name] === undefined) {
      return null
    }
    delete parsed[name]
    delete conn.connection!.submittedNamedStatements?.[name]
    return name
  }

  conn.query = (config: unknown, values?: unknown, callback?: unknown) => {
    const statement = config as PgQueryConfig
    let evicted: string | null = null
    if (
      typeof statement === 'object' &&
      statement !== null &&
      typeof statement.text === 'string' &&
      statement.name === undefined &&
      Array.isArray(statement.values) &&
      REUSABLE.test(statement.text)
    ) {
      let name = names.get(statement.text)
      if (name) {
        names.delete(statement.text)
      } else {
        name = `hankki_${++issued}`
        if (names.size >= STATEMENT_CACHE_SIZE) {
          evicted = evictOldest()
        }
      }
      names.set(statement.text, name)
      config = { ...statement, name }
    }
    if (!evicted) {
      return query(config, values, callback)
    }
    /*
     * DEALLOCATE first, then the statement (DEALLOCATE is not transactional;
     * its failure is the statement's). Sent one after the other: a pg client
     * must not be given a query while it runs another (deprecated in pg 8).
     */
    const deallocated = query(`DEALLOCATE ${evicted}`) as Promise<unknown>
    const callbackOf = typeof values === 'function' ? values : callback
    if (typeof callbackOf === 'function') {
      deallocated.then(
        () => query(config, values, callback),
        (error: unknown) => callbackOf(error)
      )
      return undefined
    }
    return deallocated.then(() => query(config, values))
  }
}
