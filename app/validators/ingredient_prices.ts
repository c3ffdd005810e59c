import vine, { errors as vineErrors } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { koreanMessages } from '#validators/messages'

/* Limits of contract §8, declared here and nowhere else. */
export const PRICE_LIMITS = {
  /* GET /ingredients/{id}/prices answers at most this many years per request. */
  rangeYearsMax: 5,
  /* Without `from`, the answer covers this many years up to `to`. */
  rangeYearsDefault: 1,
  sourceMaxLength: 100,
} as const

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `text` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(text: unknown): text is string {
  const match = typeof text === 'string' ? DATE_TEXT.exec(text) : null
  if (!match) {
    return false
  }
  const [, year, month, day] = match.map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  )
}

/** `date` moved by whole years (Feb 29 → Feb 28 in a common year), as `YYYY-MM-DD`. */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number)
  const target = year + years
  const last = new Date(Date.UTC(target, month, 0)).getUTCDate()
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return `${pad(target, 4)}-${pad(month)}-${pad(Math.min(day, last))}`
}

export const DATE_MESSAGE = '{{ field }} 값은 YYYY-MM-DD 형식의 날짜여야 함'

/** Rule `date`: a calendar date written `YYYY-MM-DD`. */
export const calendarDateRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!isCalendarDate(value)) {
      field.report(DATE_MESSAGE, 'date', field)
    }
  }
)

/* ?from=&to= of GET /ingredients/{id}/prices (both optional). */
export const priceRangeValidator = vine.create({
  from: vine.string().use(calendarDateRule()).optional(),
  to: vine.string().use(calendarDateRule()).optional(),
})
priceRangeValidator.messagesProvider = koreanMessages

/**
 * The range to answer: `to` defaults to `today`, `from` to a year before
 * `to`. A reversed range, or one longer than five years, is 422 on `to`.
 */
export function resolvePriceRange(
  query: { from?: string; to?: string },
  today: string
): { from: string; to: string } {
  const to = query.to ?? today
  const from = query.from ?? addYears(to, -PRICE_LIMITS.rangeYearsDefault)
  if (from > to) {
    throw rangeError('to', 'range.order', 'to 값은 from 이후 날짜여야 함')
  }
  if (from < addYears(to, -PRICE_LIMITS.rangeYearsMax)) {
    throw rangeError(
      'to',
      'range.max',
      `조회 기간은 ${PRICE_LIMITS.rangeYearsMax}년 이하여야 함 (from부터 to까지)`
    )
  }
  return { from, to }
}

function rangeError(field: string, rule: string, message: string) {
  return new vineErrors.E_VALIDATION_ERROR([{ field, rule, message }])
}
