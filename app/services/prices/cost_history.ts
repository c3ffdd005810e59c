import db from '@adonisjs/lucid/services/db'
import { CommittedRead, param } from '#database/engine/compiled_query'
import ApiException from '#exceptions/api_exception'
import { POST_NOT_FOUND } from '#contract/messages'
import PriceHistory, { type Observation } from '#services/price_history'
import RecipeCostCalculator, { type CostLineInput } from '#services/recipes/recipe_cost_calculator'
import { convertibleOf, ownQuantity, type LineRow } from '#services/recipes/recipe_lines'

export type Interval = 'day' | 'week' | 'month'

export interface CostPoint {
  date: string
  price: number
  price_per_serving: number
  /* Ingredient ids without a price on that date (counted as 0). */
  unpriced: number[]
}

export interface CostHistoryAnswer {
  post_id: number
  servings: number
  points: CostPoint[]
}

const DAY_MS = 86_400_000

/*
 * The recipe (servings, title) with its lines, one row per line (one row
 * with null line columns for a recipe without lines), in the author's order.
 */
const RECIPE_LINES = () =>
  CommittedRead.of('posts.costs.lines', () =>
    db
      .from('posts as p')
      .leftJoin('post_ingredients as pi', 'pi.post_id', 'p.id')
      .leftJoin('ingredients as i', 'i.id', 'pi.ingredient_id')
      .where('p.id', param('postId'))
      .select('p.servings', 'p.title', 'i.id', 'i.name', 'i.measure', 'pi.quantity')
      .select('pi.measure as line_measure')
      .select(
        db.raw(
          'CAST(i.grams_per_piece AS TEXT) AS grams_per_piece, CAST(i.ml_per_piece AS TEXT) AS ml_per_piece'
        )
      )
      .orderBy('pi.position', 'asc')
  )

type RecipeLineRow = Omit<LineRow, 'id'> & {
  servings: number | string
  title: string
  id: number | string | null
}

/** The dates of the points: `from`, then every interval after it, up to `to`. */
export function pointDates(from: string, to: string, interval: Interval, max = Infinity) {
  const dates: string[] = []
  const start = Date.parse(`${from}T00:00:00Z`)
  const end = Date.parse(`${to}T00:00:00Z`)
  const [year, month, day] = from.split('-').map(Number)
  for (let index = 0; dates.length <= max; index++) {
    let time: number
    if (interval === 'month') {
      /* The same day of each month as `from`, or the month's last day (Jan 31 → Feb 28 → Mar 31). */
      const last = new Date(Date.UTC(year, month - 1 + index + 1, 0)).getUTCDate()
      time = Date.UTC(year, month - 1 + index, Math.min(day, last))
    } else {
      time = start + index * (interval === 'week' ? 7 : 1) * DAY_MS
    }
    if (time > end) {
      break
    }
    dates.push(new Date(time).toISOString().slice(0, 10))
  }
  return dates
}

/*
 * GET /posts/{id}/costs: what the recipe cost at each point of a range. Two
 * statements whatever the range: the recipe's lines, then every price of
 * their ingredients in effect during the range (PriceHistory.timeline).
 * Every point is costed in memory through RecipeCostCalculator (the one cost
 * rule); the lines' converted quantities are computed once, and a point
 * whose prices are those of the point before reuses its cost.
 */
export default class CostHistory {
  static async of(
    postId: number,
    range: { from: string; to: string; interval: Interval }
  ): Promise<CostHistoryAnswer & { title: string }> {
    const rows = await RECIPE_LINES().run<RecipeLineRow>({ postId })
    if (rows.length === 0) {
      throw ApiException.notFound(POST_NOT_FOUND)
    }
    const servings = Number(rows[0].servings)
    const lines = rows.filter((row) => row.id !== null) as (RecipeLineRow & { id: number })[]
    const ids = lines.map((line) => Number(line.id))
    const observations = await PriceHistory.timeline(ids, range.from, range.to)
    const dates = pointDates(range.from, range.to, range.interval)
    return {
      post_id: postId,
      servings,
      title: rows[0].title,
      points: costPoints(lines, ids, servings, observations, dates),
    }
  }
}

/* Observations are ordered by ingredient, date and import order (PriceHistory.timeline). */
function costPoints(
  lines: LineRow[],
  ids: number[],
  servings: number,
  observations: Observation[],
  dates: string[]
): CostPoint[] {
  const byIngredient = new Map<number, Observation[]>()
  for (const observation of observations) {
    const list = byIngredient.get(observation.ingredientId)
    if (list) {
      list.push(observation)
    } else {
      byIngredient.set(observation.ingredientId, [observation])
    }
  }
  const timelines = ids.map((id) => byIngredient.get(id) ?? [])
  /* One input per line, reused by every point; only its price and unit change. */
  const inputs: CostLineInput[] = lines.map((line) => ({
    price: 0,
    unit: 1,
    quantity: ownQuantity(line.quantity, line.line_measure, convertibleOf(line)),
  }))
  /* Per line: the index of its observation in effect (-1: none yet). */
  const current = ids.map(() => -1)
  const points: CostPoint[] = []
  let previous: CostPoint | undefined
  for (const date of dates) {
    let moved = previous === undefined
    for (let line = 0; line < ids.length; line++) {
      const timeline = timelines[line]
      let index = current[line]
      while (index + 1 < timeline.length && timeline[index + 1].observedOn <= date) {
        index++
      }
      if (index !== current[line]) {
        current[line] = index
        inputs[line].price = timeline[index].price
        inputs[line].unit = timeline[index].unit
        moved = true
      }
    }
    if (!moved && previous) {
      previous = { ...previous, date }
    } else {
      const cost = RecipeCostCalculator.calculate(inputs, servings)
      previous = {
        date,
        price: cost.price,
        price_per_serving: cost.pricePerServing,
        unpriced: ids.filter((_, line) => current[line] === -1),
      }
    }
    points.push(previous)
  }
  return points
}
