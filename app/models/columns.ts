import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import type { DateTimeColumnDecorator } from '@adonisjs/lucid/types/model'

/*
 * One timestamp representation for both databases. Values are written as JS
 * Dates: PostgreSQL stores them in `timestamptz`, and knex's better-sqlite3
 * dialect stores them as epoch milliseconds. So raw query-builder writes of
 * `new Date()` and model writes agree, SQLite sorts them numerically, and
 * milliseconds survive. Serialized as ISO-8601 UTC (`…T07:31:18.123Z`).
 */
function prepare(value: unknown) {
  if (DateTime.isDateTime(value)) {
    return value.toJSDate()
  }
  return value
}

function consume(value: unknown) {
  if (value === null || value === undefined) {
    return value
  }
  if (value instanceof Date) {
    return DateTime.fromJSDate(value, { zone: 'utc' })
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return DateTime.fromMillis(Number(value), { zone: 'utc' })
  }
  const text = String(value)
  if (/^\d+$/.test(text)) {
    return DateTime.fromMillis(Number(text), { zone: 'utc' })
  }
  const iso = DateTime.fromISO(text, { zone: 'utc' })
  return iso.isValid ? iso : DateTime.fromSQL(text, { zone: 'utc' })
}

function serialize(value: unknown) {
  return DateTime.isDateTime(value) ? value.toUTC().toISO() : value
}

/** `@timestamp()` in place of `@column.dateTime()` on every model. */
export const timestamp: DateTimeColumnDecorator = (options) =>
  column.dateTime({ prepare, consume, serialize, ...options })

/**
 * ISO-8601 UTC text of a timestamp read by a raw query (Date, epoch ms or
 * text). Plain Date arithmetic: this runs for every row of every list.
 */
export function toIsoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  if (typeof value === 'number' || typeof value === 'bigint' || /^\d+$/.test(String(value))) {
    return new Date(Number(value)).toISOString()
  }
  const dateTime = consume(value) as DateTime
  return dateTime.isValid ? dateTime.toUTC().toISO() : null
}
