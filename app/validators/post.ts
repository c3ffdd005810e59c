import vine, { errors as vineErrors } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { HttpRequest } from '@adonisjs/core/http'
import {
  canonicalQuantity,
  numberToPlainString,
  QUANTITY_SCALE,
} from '#services/recipes/recipe_cost_calculator'
import IngredientCatalogue, { type PricedCatalogue } from '#services/recipes/ingredient_catalogue'
import {
  COST_HISTORY_LIMITS,
  INGREDIENT_LIMITS,
  MAX_STORED_PRICE,
  PAGE_NO_MAX,
  POST_LIMITS,
  parseId,
} from '#contract/limits'
import { pointDates } from '#services/prices/cost_history'
import { MISSING_INGREDIENT_MESSAGE, UNKNOWN_UNIT_MESSAGE } from '#contract/messages'
import { id, integer, strictNumber, text } from '#validators/rules'
import { isCompatible, isUnit, type Unit } from '#services/units'
import { calendarDateRule, INCOMPATIBLE_UNIT_MESSAGE } from '#validators/ingredient_prices'

/* Re-exported for the recipe services, which read the page size default from it. */
export { POST_LIMITS }

export const SORTS = ['latest', 'oldest', 'likes', 'price', 'price_per_serving'] as const
export type Sort = (typeof SORTS)[number]

interface FormMeta {
  /* The body's line ingredients that exist in the catalogue (looked up in one query). */
  catalogue?: PricedCatalogue
}

const DECIMAL_TEXT = /^-?\d+(?:\.(\d+))?$/

/**
 * `quantity`: a JSON number or a numeric string, > 0 and ≤ 1,000,000, with at
 * most 4 decimal places. Rules: `quantity.number`, `quantity.decimals`,
 * `quantity.range`. The output is the canonical decimal string ("0.25", "300").
 */
const quantityRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  let decimal: string | undefined
  if (typeof value === 'number' && Number.isFinite(value)) {
    decimal = numberToPlainString(value)
  } else if (typeof value === 'string') {
    decimal = value.trim()
  }
  const match = decimal === undefined ? null : DECIMAL_TEXT.exec(decimal)
  if (!decimal || !match) {
    field.report('{{ field }} 값은 숫자 또는 숫자 문자열이어야 함', 'quantity.number', field)
    return
  }
  if ((match[1] ?? '').length > QUANTITY_SCALE) {
    field.report(
      `{{ field }} 값은 소수점 아래 ${QUANTITY_SCALE}자리까지 가능함`,
      'quantity.decimals',
      field
    )
    return
  }
  const numeric = Number(decimal)
  if (decimal.startsWith('-') || numeric <= 0 || numeric > POST_LIMITS.quantityMax) {
    field.report(
      `{{ field }} 값은 0보다 크고 ${POST_LIMITS.quantityMax.toLocaleString('en-US')} 이하여야 함`,
      'quantity.range',
      field
    )
    return
  }
  field.mutate(canonicalQuantity(decimal), field)
})

/**
 * `ingredients.N.id` must name a catalogue row (rule `exists`): the one check
 * of it. RecipeWriter only maps a row removed since (a foreign-key violation)
 * to the same issue, through missingIngredientIssue.
 */
const inCatalogueRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const known = (field.meta as FormMeta).catalogue
    if (known && !known.has(value as number)) {
      field.report(MISSING_INGREDIENT_MESSAGE, 'exists', field)
    }
  }
)

/**
 * `ingredients.N.measure`: a unit of contract §8 (rule `measure.unit`) that
 * can express a quantity of the line's ingredient (rule `measure.compatible`;
 * 개 needs the ingredient's piece size). A line whose id is unknown is
 * reported on its id alone.
 */
const measureRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (!isUnit(value)) {
    field.report(UNKNOWN_UNIT_MESSAGE, 'measure.unit', field)
    return
  }
  const lineId = ingredientIdOf(field.parent)
  const ingredient =
    lineId === undefined ? undefined : (field.meta as FormMeta).catalogue?.get(lineId)
  if (ingredient && !isCompatible(value, ingredient)) {
    field.report(INCOMPATIBLE_UNIT_MESSAGE, 'measure.compatible', field)
  }
})

/** The validation issue of an ingredient line whose id is not in the catalogue. */
export function missingIngredientIssue(fieldPath = 'ingredients') {
  return { field: fieldPath, rule: 'exists', message: MISSING_INGREDIENT_MESSAGE }
}

/** `ingredients.N.id` must not repeat an earlier line's id (rule `distinct`). */
const notRepeatedRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const index = Number(field.getFieldPath().split('.').at(-2))
    const lines: unknown = field.data?.ingredients
    if (!Array.isArray(lines) || !Number.isInteger(index)) {
      return
    }
    const repeated = lines.slice(0, index).some((line) => ingredientIdOf(line) === value)
    if (repeated) {
      field.report('같은 재료를 두 번 넣을 수 없음', 'distinct', field)
    }
  }
)

/* The id of a body line as the validator will read it, or undefined when it is not one. */
function ingredientIdOf(line: unknown): number | undefined {
  if (line && typeof line === 'object' && 'id' in line) {
    return parseId(strictNumber((line as { id: unknown }).id)) ?? undefined
  }
  return undefined
}

/**
 * Body of POST /posts/forms and PUT /posts/forms/{id}:
 * `{post:{title, content, servings?}, ingredients?:[{id, quantity, measure?}]}`.
 * - post.title: string, trimmed, 1–200 chars
 * - post.content: string, 1–20,000 chars
 * - post.servings: integer 1–100, default 1
 * - ingredients: 0–50 lines; id an existing catalogue id, not repeated;
 *   quantity a number or numeric string, > 0, ≤ 1,000,000, ≤ 4 decimals, in
 *   measure (optional: a unit compatible with the ingredient; default its own)
 * Other fields (price, unit, user_id, like…) are dropped.
 */
export const postFormValidator = vine.withMetaData<FormMeta>().create({
  post: vine.object({
    title: text().trim().minLength(1).maxLength(POST_LIMITS.titleMaxLength),
    content: text().minLength(1).maxLength(POST_LIMITS.contentMaxLength),
    servings: integer().range([1, POST_LIMITS.servingsMax]).optional(),
  }),
  ingredients: vine
    .array(
      vine.object({
        id: id().use(inCatalogueRule()).use(notRepeatedRule()),
        quantity: vine.any().use(quantityRule()),
        measure: vine.string().use(measureRule()).optional(),
      })
    )
    .maxLength(POST_LIMITS.linesMax)
    .optional(),
})

export interface PostForm {
  title: string
  content: string
  servings: number
  /* `measure` as entered; undefined: the ingredient's own (stored NULL). */
  lines: { ingredientId: number; quantity: string; measure?: Unit }[]
  /* Price, unit, measure and piece sizes of every line's ingredient, read while validating. */
  catalogue: PricedCatalogue
}

/**
 * Validates a recipe form: looks the body's ingredient ids up (with their
 * prices, which RecipeWriter prices the recipe with) in one query first, so
 * unknown ids are reported together with every other violation.
 */
export async function validatePostForm(request: HttpRequest): Promise<PostForm> {
  const lines: unknown = request.input('ingredients')
  const ids = Array.isArray(lines)
    ? [...new Set(lines.slice(0, POST_LIMITS.linesMax).map(ingredientIdOf))].filter(
        (lineId): lineId is number => lineId !== undefined
      )
    : []
  const catalogue = await IngredientCatalogue.priced(ids)
  const payload = await request.validateUsing(postFormValidator, {
    meta: { catalogue },
  })
  return {
    title: payload.post.title,
    content: payload.post.content,
    servings: payload.post.servings ?? 1,
    lines: (payload.ingredients ?? []).map((line) => ({
      ingredientId: line.id,
      quantity: line.quantity as string,
      measure: line.measure as Unit | undefined,
    })),
    catalogue,
  }
}

/**
 * Query of GET /posts: pageNo 1–2^53−1 (default 1), pageSize 1–100 (default 10),
 * q (title substring, ≤ 200 chars), sort (latest | oldest | likes | price |
 * price_per_serving, default latest), maxPrice (integer ≥ 0, on
 * price_per_serving), author (a username).
 */
export const listPostsValidator = vine.create({
  pageNo: integer().range([1, PAGE_NO_MAX]).optional(),
  pageSize: integer().range([1, POST_LIMITS.pageSizeMax]).optional(),
  q: text().trim().maxLength(POST_LIMITS.searchMaxLength).optional(),
  sort: vine.enum(SORTS).optional(),
  /* No stored price is above MAX_STORED_PRICE: a larger budget filters the same, as that bound. */
  maxPrice: integer()
    .min(0)
    .transform((value) => Math.min(value, MAX_STORED_PRICE))
    .optional(),
  author: text().trim().maxLength(POST_LIMITS.authorMaxLength).optional(),
})

/**
 * Query of GET /posts/{id}: servings (integer 1–100) scales the answer;
 * asOf (YYYY-MM-DD) costs it with the prices in effect on that date.
 */
export const showPostValidator = vine.create({
  servings: integer().range([1, POST_LIMITS.servingsMax]).optional(),
  asOf: vine.string().use(calendarDateRule()).optional(),
})

/** Query of GET /posts/forms/ingredients: q (name substring, ≤ 100 chars). */
export const listIngredientsValidator = vine.create({
  q: text().trim().maxLength(INGREDIENT_LIMITS.searchMaxLength).optional(),
})

export const INTERVALS = ['day', 'week', 'month'] as const

/**
 * Query of GET /posts/{id}/costs and /costs.svg: from, to (YYYY-MM-DD) and
 * interval (day | week | month, default day). See resolveCostRange.
 */
export const costHistoryValidator = vine.create({
  from: vine.string().use(calendarDateRule()).optional(),
  to: vine.string().use(calendarDateRule()).optional(),
  interval: vine.enum(INTERVALS).optional(),
})

/**
 * The range to answer: `to` defaults to `today` (UTC), `from` to 365 days
 * before `to` (366 daily points). A reversed range is 422 on `to`; more than
 * 366 points is 422 on `interval` (a coarser one fits).
 */
export function resolveCostRange(
  query: { from?: string; to?: string; interval?: (typeof INTERVALS)[number] },
  today: string
) {
  const to = query.to ?? today
  const from =
    query.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - COST_HISTORY_LIMITS.defaultDays * 86_400_000)
      .toISOString()
      .slice(0, 10)
  const interval = query.interval ?? 'day'
  if (from > to) {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'to', rule: 'range.order', message: 'to 값은 from 이후 날짜여야 함' },
    ])
  }
  if (
    pointDates(from, to, interval, COST_HISTORY_LIMITS.pointsMax).length >
    COST_HISTORY_LIMITS.pointsMax
  ) {
    throw new vineErrors.E_VALIDATION_ERROR([
      {
        field: 'interval',
        rule: 'points.max',
        message: `조회 구간은 ${COST_HISTORY_LIMITS.pointsMax}개 이하의 점이어야 함 (from, to, interval)`,
      },
    ])
  }
  return { from, to, interval }
}
