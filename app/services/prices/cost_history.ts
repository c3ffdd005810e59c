import db from '@adonisjs/lucid/services/db'
import { LRUCache } from 'lru-cache'
import { CommittedRead, param } from '#database/engine/compiled_query'
import ApiException from '#exceptions/api_exception'
import { POST_NOT_FOUND } from '#contract/messages'
import PriceTimelines, { PRICES_VERSION, type Timeline } from '#services/prices/price_timelines'
import { dayNumber } from '#services/prices/days'
import { PreparedRecipe } from '#services/recipes/recipe_cost_calculator'
import { convertibleOf, ownQuantity, type LineRow } from '#services/recipes/recipe_lines'

export type Interval = 'day' | 'week' | 'month'

export interface CostPoint {
  date: string
  price: number
  price_per_serving: number
  /* Ingredient ids without a price on that date (counted as 0). */
  unpriced: number[]
}

/**
 * A cost history by columns: point `i` is on `dates[i]` (pointDates) and
 * costs `prices[i]`, `perServing[i]` a serving, with `unpriced[i]` (a list
 * shared by consecutive points while it does not change). Numbers in
 * arrays, not 365 objects, for the answers that only write them out.
 */
export interface CostSeries {
  dates: readonly string[]
  prices: number[]
  perServing: number[]
  unpriced: number[][]
}

export interface CostHistoryAnswer {
  post_id: number
  servings: number
  series: CostSeries
}

/** The series as the answer's point objects. */
export function pointsOf({ dates, prices, perServing, unpriced }: CostSeries): CostPoint[] {
  return dates.map((date, point) => ({
    date,
    price: prices[point],
    price_per_serving: perServing[point],
    unpriced: unpriced[point],
  }))
}

const DAY_MS = 86_400_000

/*
 * The recipe (servings, title) with its lines, one row per line (one row
 * with null line columns for a recipe without lines), in the author's order,
 * and the prices' version (PriceTimelines).
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
      .select(db.raw(`${PRICES_VERSION} AS prices_version`))
      .orderBy('pi.position', 'asc')
  )

type RecipeLineRow = Omit<LineRow, 'id'> & {
  servings: number | string
  title: string
  id: number | string | null
  prices_version: number | string | null
}

/*
 * Point dates by range: most requests ask for the default one (the year to
 * today), and the validator counts the same dates before the service uses them.
 */
const schedules = new LRUCache<string, { dates: readonly string[]; days: readonly number[] }>({
  max: 256,
})

/**
 * The dates of the points: `from`, then every interval after it, up to `to`
 * (at most `max` + 1 of them). Shared between requests: read only.
 */
export function pointDates(
  from: string,
  to: string,
  interval: Interval,
  max = Infinity
): readonly string[] {
  return scheduleOf(from, to, interval, max).dates
}

/* The point dates, and the same as day numbers. */
function scheduleOf(from: string, to: string, interval: Interval, max = Infinity) {
  const key = `${from}|${to}|${interval}|${max}`
  let schedule = schedules.get(key)
  if (!schedule) {
    const dates = datesOf(from, to, interval, max)
    schedule = { dates: Object.freeze(dates), days: Object.freeze(dates.map(dayNumber)) }
    schedules.set(key, schedule)
  }
  return schedule
}

function datesOf(from: string, to: string, interval: Interval, max: number) {
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
 * GET /posts/{id}/costs: what the recipe cost at each point of a range. One
 * statement whatever the range (the recipe's lines and the prices' version);
 * the prices come from the timelines kept at that version (PriceTimelines,
 * one more statement only when they must be read again). The quantities are
 * parsed once (PreparedRecipe, the one cost rule) and a point whose prices
 * are those of the point before reuses its cost.
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
    const timelines = await PriceTimelines.of(ids, Number(rows[0].prices_version))
    const schedule = scheduleOf(range.from, range.to, range.interval)
    return {
      post_id: postId,
      servings,
      title: rows[0].title,
      series: costSeries(lines, ids, servings, timelines, schedule),
    }
  }
}

/* `timelines[line]` is the timeline of line `line`'s ingredient `ids[line]`. */
function costSeries(
  lines: LineRow[],
  ids: number[],
  servings: number,
  timelines: Timeline[],
  { dates, days }: { dates: readonly string[]; days: readonly number[] }
): CostSeries {
  const recipe = new PreparedRecipe(
    lines.map((line) => ownQuantity(line.quantity, line.line_measure, convertibleOf(line))),
    servings
  )
  /* Per line: the price and unit in effect (0 per 1 while it has none). */
  const prices = ids.map(() => 0)
  const units = ids.map(() => 1)
  /* Per line: the index of its timeline's entry in effect (-1: none yet). */
  const current = ids.map(() => -1)
  const series: CostSeries = { dates, prices: [], perServing: [], unpriced: [] }
  let price = 0
  let perServing = 0
  let unpriced: number[] = ids.slice()
  let first = true
  for (const day of days) {
    let moved = first
    first = false
    let newlyPriced = false
    for (let line = 0; line < ids.length; line++) {
      const { days: from, prices: linePrices, units: lineUnits } = timelines[line]
      let index = current[line]
      while (index + 1 < from.length && from[index + 1] <= day) {
        index++
      }
      if (index !== current[line]) {
        newlyPriced ||= current[line] === -1
        current[line] = index
        /* A day's price is often the day before's: then the cost holds. */
        if (prices[line] !== linePrices[index] || units[line] !== lineUnits[index]) {
          prices[line] = linePrices[index]
          units[line] = lineUnits[index]
          moved = true
        }
      }
    }
    if (moved) {
      price = recipe.price(prices, units)
      perServing = recipe.pricePerServing(price)
    }
    /* Points share the list while it does not change (the answer is only serialised). */
    if (newlyPriced) {
      unpriced = ids.filter((_, line) => current[line] === -1)
    }
    series.prices.push(price)
    series.perServing.push(perServing)
    series.unpriced.push(unpriced)
  }
  return series
}
