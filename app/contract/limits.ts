/*
 * Limits of the wire contract (shared/api-contract.md §1, §3–§6): the
 * validators enforce them, the services rely on them and the OpenAPI document
 * publishes them, all from here.
 */

/* Ids are 32-bit integer columns on both databases. */
export const MAX_ID = 2_147_483_647

/* A recipe's stored prices (post_prices) are 32-bit integer columns on both databases. */
export const MAX_STORED_PRICE = 2_147_483_647

/*
 * Page numbers of the paged lists (GET /posts, GET /plans): any exact
 * integer. Past the end a page is empty (contract §5); beyond this one a
 * number is no longer exact, and its offset (× page size) would be written
 * with an exponent that neither database takes as an OFFSET: 422 on pageNo.
 */
export const PAGE_NO_MAX = Number.MAX_SAFE_INTEGER

export const MEMBER_LIMITS = {
  usernameMinLength: 2,
  usernameMaxLength: 30,
  passwordMinLength: 8,
  passwordMaxLength: 128,
  emailMaxLength: 254,
  /* Login checks shape only: generous bounds that still keep junk out of the limiter keys. */
  loginUsernameMaxLength: 255,
  loginPasswordMaxLength: 1024,
} as const

export const POST_LIMITS = {
  titleMaxLength: 200,
  contentMaxLength: 20_000,
  servingsMax: 100,
  linesMax: 50,
  quantityMax: 1_000_000,
  pageSizeMax: 100,
  pageSizeDefault: 10,
  searchMaxLength: 200,
  authorMaxLength: MEMBER_LIMITS.usernameMaxLength,
} as const

/* GET /posts/{id}/costs (contract §8). */
export const COST_HISTORY_LIMITS = {
  /* At most this many points per answer (422 beyond). */
  pointsMax: 366,
  /* Without `from`: this many days before `to` (366 daily points). */
  defaultDays: 365,
} as const

export const COMMENT_LIMITS = {
  contentMaxLength: 2000,
} as const

/* Meal plans (contract §9). */
export const PLAN_LIMITS = {
  nameMaxLength: 100,
  mealsMax: 100,
  servingsMax: 100,
  /* KRW; the budget column is a 32-bit integer. */
  budgetMax: 2_147_483_647,
  pageSizeMax: 100,
  pageSizeDefault: 10,
} as const

export const INGREDIENT_LIMITS = {
  searchMaxLength: 100,
  nameMaxLength: 100,
  priceMax: 100_000_000,
  unitMax: 100_000_000,
} as const

/*
 * A number in a body or a query: a JSON number, or a plain decimal string
 * ("12", "12.5", "-3"). Hex, exponents, spaces, booleans, arrays and objects
 * are not numbers.
 */
export const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/

/**
 * A regular expression source matching the decimal integers 1…max without
 * leading zeros, so a path matcher can reject ids past the column range
 * before any code runs.
 */
export function positiveIntegerPattern(max: number): string {
  const digits = String(max)
  const branches = [`[1-9]\\d{0,${digits.length - 2}}`]
  for (let index = 0; index < digits.length; index++) {
    const digit = Number(digits[index])
    const low = index === 0 ? 1 : 0
    const rest = digits.length - index - 1
    const prefix = digits.slice(0, index)
    const tail = rest > 0 ? `\\d{${rest}}` : ''
    if (index === digits.length - 1) {
      branches.push(`${prefix}[${low}-${digit}]`)
    } else if (digit > low) {
      branches.push(`${prefix}[${low}-${digit - 1}]${tail}`)
    }
  }
  return `^(?:${branches.join('|')})$`
}

/* An id as it may appear in a path: 1 … 2,147,483,647, no sign, no leading zero. */
export const ID_PATTERN = new RegExp(positiveIntegerPattern(MAX_ID))

/** The id a path segment or body value names, or null when it is not a well-formed id. */
export function parseId(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= MAX_ID ? value : null
  }
  return typeof value === 'string' && ID_PATTERN.test(value) ? Number(value) : null
}
