import db from '@adonisjs/lucid/services/db'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import { toIsoTimestamp } from '#models/columns'
import PlanContentsReader, {
  derivedOnce,
  type PlanContents,
  type PlanRow,
} from '#services/plans/plan_contents'
import { mealCost } from '#services/plans/meal_cost'
import { PLAN_LIMITS } from '#validators/plan'

interface ListRow extends PlanRow {
  meal_count: number | string
}

/* `modify_date` as recipes answer it: the last write's time. */
function planSummary(row: PlanRow) {
  return {
    id: Number(row.id),
    name: row.name,
    budget: row.budget === null || row.budget === undefined ? null : Number(row.budget),
    create_date: toIsoTimestamp(row.created_at),
    modify_date: toIsoTimestamp(row.updated_at),
  }
}

const COUNT = () =>
  CompiledQuery.of('plans.count', () =>
    db.from('plans').where('member_id', param('memberId')).count('* as total')
  )

/* A page of a member's plans, newest first, with each plan's number of meals (not a hot path). */
const page = (memberId: number, pageSize: number, offset: number) =>
  db
    .from('plans')
    .where('member_id', memberId)
    .select('id', 'member_id', 'name', 'budget', 'created_at', 'updated_at')
    .select(
      db.raw('(SELECT count(*) FROM plan_meals pm WHERE pm.plan_id = plans.id) AS meal_count')
    )
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset(offset)

/*
 * Read side of meal plans (contract §9). The list costs 2 statements (count,
 * page); a plan 3 (see PlanContentsReader), whatever its number of meals.
 */
export default class PlanReader {
  static async list(memberId: number, params: { pageNo?: number; pageSize?: number }) {
    const pageNo = params.pageNo ?? 1
    const pageSize = params.pageSize ?? PLAN_LIMITS.pageSizeDefault
    const offset = (pageNo - 1) * pageSize
    const [[count], rows] = await Promise.all([
      COUNT().run<{ total: number | string }>({ memberId }),
      page(memberId, pageSize, offset) as Promise<ListRow[]>,
    ])
    const total = Number(count?.total ?? 0)
    return {
      plans: rows.map((row) => ({ ...planSummary(row), meal_count: Number(row.meal_count) })),
      pageNo,
      pageSize,
      total,
      lastPage: Math.ceil(total / pageSize),
    }
  }

  /**
   * A plan with every meal costed for its servings at current prices, the
   * plan's total (the sum of the meals' prices), the totals per day (oldest
   * first) and whether the total exceeds the budget.
   */
  static async detail(caller: { id: number }, planId: number) {
    return derivedOnce(answers, await PlanContentsReader.load(caller, planId, 'view'), costPlan)
  }
}

/* Answers by the contents they were computed from (derivedOnce). */
const answers = new WeakMap<PlanContents, ReturnType<typeof costPlan>>()

function costPlan({ plan, meals, linesByRecipe }: PlanContents) {
  const byRecipe = new Map<string, ReturnType<typeof mealCost>>()
  const perDay = new Map<string, number>()
  let total = 0
  const costed = meals.map((meal) => {
    /* Meals of one recipe and servings cost the same: computed once. */
    const key = `${meal.post_id}:${meal.servings}`
    let cost = byRecipe.get(key)
    if (!cost) {
      cost = mealCost(meal, linesByRecipe.get(meal.post_id) ?? [])
      byRecipe.set(key, cost)
    }
    total += cost.price
    perDay.set(meal.date, (perDay.get(meal.date) ?? 0) + cost.price)
    return {
      date: meal.date,
      post_id: meal.post_id,
      title: meal.title,
      servings: meal.servings,
      price: cost.price,
      price_per_serving: cost.pricePerServing,
    }
  })
  const summary = planSummary(plan)
  return {
    plan: summary,
    meals: costed,
    total,
    per_day: [...perDay].map(([date, dayTotal]) => ({ date, total: dayTotal })),
    over_budget: summary.budget !== null && total > summary.budget,
  }
}
