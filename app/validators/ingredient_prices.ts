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

/*
 * For recipe lines with a `measure` (contract §8): the text of a 422 on
 * `ingredients.N.measure` (rule `measure.compatible`) when units.ts throws
 * IncompatibleUnitError.
 */
export const INCOMPATIBLE_UNIT_MESSAGE = '{{ field }} 단위는 이 재료의 단위로 바꿀 수 없음'

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

/* Prices and amounts fit the 32-bit integer columns. */
export const PRICE_MAX = 100_000_000

const POSITIVE_DECIMAL = /^\d+(?:\.\d{1,4})?$/

/** Rule `decimal`: a positive decimal with at most 4 places (an amount in a unit). */
const positiveDecimalRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const text = typeof value === 'string' ? value.trim() : undefined
    if (!text || !POSITIVE_DECIMAL.test(text) || Number(text) <= 0 || Number(text) > PRICE_MAX) {
      field.report(
        `{{ field }} 값은 0보다 크고 ${PRICE_MAX.toLocaleString('en-US')} 이하인 숫자여야 함 (소수점 아래 4자리까지)`,
        'decimal',
        field
      )
    }
  }
)

/*
 * One row of a price CSV (name,measure,price,unit[,observed_on][,source]).
 * `measure` may be any unit of contract §8 (kg, L, 큰술, …); the importer
 * converts it to the ingredient's own. Cells arrive as strings.
 */
export function priceRowValidator(units: readonly string[]) {
  const validator = vine.create({
    name: vine.string().trim().minLength(1).maxLength(100),
    measure: vine.enum(units),
    price: vine.number().min(0).max(PRICE_MAX).withoutDecimals(),
    unit: vine.string().trim().use(positiveDecimalRule()),
    observed_on: vine.string().trim().use(calendarDateRule()).optional(),
    source: vine.string().trim().minLength(1).maxLength(PRICE_LIMITS.sourceMaxLength).optional(),
  })
  validator.messagesProvider = koreanMessages
  return validator
}

/* Options of prices:import and prices:alias, checked before anything is read. */
export const priceImportOptionsValidator = vine.create({
  format: vine.enum(['csv', 'kamis'] as const).optional(),
  source: vine.string().trim().minLength(1).maxLength(PRICE_LIMITS.sourceMaxLength).optional(),
  date: vine.string().trim().use(calendarDateRule()).optional(),
})
priceImportOptionsValidator.messagesProvider = koreanMessages

/** Rule `alias`: "<item_name>/<kind_name>", both parts non-empty. */
const aliasNameRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !/^[^/]+\/[^/]+$/.test(value)) {
      field.report('{{ field }} 값은 "품목명/품종명" 형식이어야 함 (예: 배추/월동)', 'alias', field)
    }
  }
)

export const priceAliasValidator = vine.create({
  /* "<item_name>/<kind_name>" as KAMIS spells them. */
  name: vine.string().trim().minLength(3).maxLength(200).use(aliasNameRule()),
  ingredient: vine.string().trim().minLength(1).maxLength(100),
  gramsPerUnit: vine.string().trim().use(positiveDecimalRule()).optional(),
})
priceAliasValidator.messagesProvider = koreanMessages
