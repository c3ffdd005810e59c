import type { DatabaseQueryBuilderContract, RawQuery } from '@adonisjs/lucid/types/querybuilder'

/*
 * Substring search where the user's text is plain text: `%`, `_` and the
 * escape character itself are escaped and the query names the escape
 * character (`!`, not a backslash, so no layer of string escaping changes it).
 *
 * PostgreSQL: `ILIKE` (Unicode case-insensitive; titles are narrowed by post_title_grams first).
 * SQLite: `LIKE`, which is case-insensitive for ASCII letters only; Hangul has
 * no case, so only non-ASCII cased scripts (e.g. Ä/ä) compare case-sensitively there.
 */
const ESCAPE = '!'

export function containsPattern(text: string) {
  return `%${text.replace(/[!%_]/g, (char) => ESCAPE + char)}%`
}

export function whereContains<T extends DatabaseQueryBuilderContract<any>>(
  query: T,
  column: string,
  text: string
): T {
  return whereLike(query, column, containsPattern(text))
}

/** `column` matches `pattern`, a containsPattern() (or a placeholder for one). */
export function whereLike<T extends DatabaseQueryBuilderContract<any>>(
  query: T,
  column: string,
  pattern: string | RawQuery
): T {
  const operator = query.client.dialect.name === 'postgres' ? 'ILIKE' : 'LIKE'
  return query.whereRaw(`?? ${operator} ? ESCAPE '${ESCAPE}'`, [column, pattern]) as T
}

/* Violations of a unique / primary key and of a foreign key, on both databases. */
type DbError = { code?: unknown }

export function isUniqueViolation(error: unknown) {
  const code = (error as DbError | undefined)?.code
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  )
}

export function isForeignKeyViolation(error: unknown) {
  const code = (error as DbError | undefined)?.code
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

/*
 * The row count of an UPDATE or DELETE without RETURNING: knex answers a
 * number on PostgreSQL and SQLite (Lucid types it as an array).
 */
export function affectedRows(result: unknown): number {
  if (typeof result === 'number') {
    return result
  }
  return Array.isArray(result) ? Number(result[0] ?? 0) : 0
}
