import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { HttpRequest } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { PAGE_NO_MAX, PLAN_LIMITS, parseId } from '#contract/limits'
import { MISSING_RECIPE_MESSAGE } from '#contract/messages'
import { calendarDateRule } from '#validators/ingredient_prices'
import { id, integer, strictNumber, text } from '#validators/rules'

/* Re-exported for the plan services, which read the page size default from it. */
export { PLAN_LIMITS }

export const PLAN_FORMATS = ['json', 'csv'] as const

interface PlanFormMeta {
  /* Ids of the body's recipes that exist (looked up in one query). */
  knownPostIds?: Set<number>
}

/**
 * `meals.N.post_id` must name a recipe (rule `exists`); a recipe deleted since
 * is the same as one that never was.
 */
const existingRecipeRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const known = (field.meta as PlanFormMeta).knownPostIds
    if (known && !known.has(value as number)) {
      field.report(MISSING_RECIPE_MESSAGE, 'exists', field)
    }
  }
)

/** The validation issue of a meal whose recipe went away while the plan was being written. */
export function missingRecipeIssue(fieldPath = 'meals') {
  return { field: fieldPath, rule: 'exists', message: MISSING_RECIPE_MESSAGE }
}

/**
 * Body of POST /plans and PUT /plans/{id}:
 * `{name, budget?, meals:[{date, post_id, servings}]}`.
 * - name: text, trimmed, 1–100 chars
 * - budget: KRW, an integer ≥ 0, or null / absent for none
 * - meals: 0–100; date `YYYY-MM-DD`, post_id an existing recipe, servings 1–100
 * Other fields are dropped.
 */
export const planFormValidator = vine.withMetaData<PlanFormMeta>().create({
  name: text().trim().minLength(1).maxLength(PLAN_LIMITS.nameMaxLength),
  budget: integer().range([0, PLAN_LIMITS.budgetMax]).nullable().optional(),
  meals: vine
    .array(
      vine.object({
        date: text().use(calendarDateRule()),
        post_id: id().use(existingRecipeRule()),
        servings: integer().range([1, PLAN_LIMITS.servingsMax]),
      })
    )
    .maxLength(PLAN_LIMITS.mealsMax),
})

export interface PlanForm {
  name: string
  budget: number | null
  meals: { date: string; postId: number; servings: number }[]
}

/* The id of a body meal's recipe as the validator will read it, or undefined. */
function postIdOf(meal: unknown): number | undefined {
  if (meal && typeof meal === 'object' && 'post_id' in meal) {
    return parseId(strictNumber((meal as { post_id: unknown }).post_id)) ?? undefined
  }
  return undefined
}

/**
 * Validates a plan form: looks the body's recipe ids up in one query first,
 * so unknown recipes are reported together with every other violation.
 */
export async function validatePlanForm(request: HttpRequest): Promise<PlanForm> {
  const meals: unknown = request.input('meals')
  const ids = Array.isArray(meals)
    ? [...new Set(meals.slice(0, PLAN_LIMITS.mealsMax).map(postIdOf))].filter(
        (postId): postId is number => postId !== undefined
      )
    : []
  const known = ids.length > 0 ? await db.from('posts').whereIn('id', ids).select('id') : []
  const payload = await request.validateUsing(planFormValidator, {
    meta: { knownPostIds: new Set(known.map((row) => Number(row.id))) },
  })
  return {
    name: payload.name,
    budget: payload.budget ?? null,
    meals: payload.meals.map((meal) => ({
      date: meal.date,
      postId: meal.post_id,
      servings: meal.servings,
    })),
  }
}

/** Query of GET /plans: pageNo 1–2^53−1 (default 1), pageSize 1–100 (default 10). */
export const listPlansValidator = vine.create({
  pageNo: integer().range([1, PAGE_NO_MAX]).optional(),
  pageSize: integer().range([1, PLAN_LIMITS.pageSizeMax]).optional(),
})

/** Query of GET /plans/{id}/shopping-list: format `json` (default) or `csv`. */
export const shoppingListValidator = vine.create({
  format: vine.enum(PLAN_FORMATS).optional(),
})
