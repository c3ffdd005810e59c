import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { MAX_ID, MEMBER_LIMITS, PLAIN_DECIMAL } from '#contract/limits'
import Member from '#models/member'
/* Installs the Korean messages provider before any validator is created. */
import '#validators/messages'

/*
 * The building blocks every validator uses, so each input rule of contract §1
 * has one home: text without NUL or lone surrogates, strict numbers, ids.
 */

/** A string with no NUL (U+0000) and no lone surrogate (rule `text`). */
const plainTextRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value === 'string' && (value.includes('\u0000') || !value.isWellFormed())) {
      field.report('{{ field }} 값에 NUL 문자나 짝이 없는 서로게이트가 있으면 안 됨', 'text', field)
    }
  }
)

/** Any text of a body or a query: a string, checked by plainTextRule before anything else. */
export const text = () => vine.string().use(plainTextRule())

/*
 * Numbers are JSON numbers or plain decimal strings (query values are always
 * strings). Anything else becomes NaN here, which the number rule rejects
 * (422, rule `number`) instead of coercing `true`, `[1]` or "0x10".
 */
export function strictNumber(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'number') {
    return value
  }
  return typeof value === 'string' && PLAIN_DECIMAL.test(value) ? Number(value) : Number.NaN
}

/** A number as contract §1 defines it. */
export const number = () => vine.number().parse(strictNumber)

/** An integer as contract §1 defines it. */
export const integer = () => number().withoutDecimals()

/** An id in a body: an integer 1 … 2,147,483,647 (the id columns are 32-bit). */
export const id = () => integer().range([1, MAX_ID])

/*
 * Usernames: letters of any script, digits, `_`, `.` and `-` (combining
 * marks allowed so decomposed Hangul and accents count as letters).
 */
const USERNAME = /^[\p{L}\p{M}\p{N}_.-]+$/u

const codePoints = (value: string) => [...value].length

/*
 * Normalising can lengthen a username (16 × "İ" folds to 32 characters,
 * U+0958 decomposes under NFC): the stored form (NFC) and the uniqueness key
 * (Member.usernameKeyOf) must both fit the 30-character columns.
 */
const canonicalLengthRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') {
      return
    }
    const { usernameMinLength: min, usernameMaxLength: max } = MEMBER_LIMITS
    const stored = codePoints(value.normalize('NFC'))
    const key = codePoints(Member.usernameKeyOf(value))
    if (stored > max || key > max || key < min) {
      field.report(
        '{{ field }} 값은 정규화한 형태로 {{ min }}자 이상 {{ max }}자 이하여야 함',
        'username.canonicalLength',
        field,
        { min, max }
      )
    }
  }
)

/** A username for sign-up and the availability check. */
export const username = () =>
  text()
    .trim()
    .minLength(MEMBER_LIMITS.usernameMinLength)
    .maxLength(MEMBER_LIMITS.usernameMaxLength)
    .regex(USERNAME)
    .use(canonicalLengthRule())
