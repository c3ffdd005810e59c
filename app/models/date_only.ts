import { column } from '@adonisjs/lucid/orm'

/*
 * A calendar date (`YYYY-MM-DD`) kept as text in the model. SQLite stores the
 * text itself; node-postgres turns a `date` into a JS Date at local midnight,
 * read back here with local getters so no time zone shifts the day.
 */
export function dateText(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null
  }
  if (value instanceof Date) {
    const pad = (part: number) => String(part).padStart(2, '0')
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  }
  return String(value).slice(0, 10)
}

export const dateOnly = (options: { serializeAs?: string | null } = {}) =>
  column({ ...options, consume: dateText, prepare: dateText })
