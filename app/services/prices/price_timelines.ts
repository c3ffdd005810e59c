import db from '@adonisjs/lucid/services/db'
import { LRUCache } from 'lru-cache'
import { CommittedRead, param } from '#database/engine/compiled_query'
import { dayNumber } from '#services/prices/days'

/*
 * The prices' version: committed writes to ingredient_prices, counted by
 * triggers (see the count_price_changes migration). A read selects it in the
 * same statement as its recipe, and gets timelines for exactly that version.
 */
export const PRICES_VERSION = "(SELECT changes FROM counters WHERE name = 'prices')"

/**
 * One ingredient's prices over time: from `dates[i]` (YYYY-MM-DD, ascending,
 * one per day: the day's last imported observation) until the next date,
 * `prices[i]` KRW bought `units[i]` of its measure.
 */
export interface Timeline {
  dates: string[]
  /* `dates` as day numbers (dayNumber), for comparing many points quickly. */
  days: number[]
  prices: number[]
  units: number[]
}

/* Ingredients and observations kept, at most (a year of daily prices is 365). */
const MAX_INGREDIENTS = 10_000
const MAX_OBSERVATIONS = 2_000_000

const EMPTY: Timeline = { dates: [], days: [], prices: [], units: [] }

interface TimelineRow {
  version: number | string | null
  ingredient_id: number | string | null
  observed_on: string
  price: number | string
  unit: number | string
}

/*
 * Every observation of the given ingredients, with the version, in one
 * statement (a row with null observation columns when there is none). The
 * ids travel as one value, so the text is the same for any number of them.
 * Both look the ingredients up by index: PostgreSQL with `= ANY`; SQLite
 * from a join on json_each (an IN list in the outer join's ON clause made it
 * scan every observation).
 */
export const TIMELINES = () => {
  const postgres = db.connection().dialect.name === 'postgres'
  const observations = postgres
    ? 'ingredient_prices AS p ON p.ingredient_id = ANY(?::integer[])'
    : `(SELECT q.id, q.ingredient_id, q.observed_on, q.price, q.unit
          FROM json_each(?) AS j CROSS JOIN ingredient_prices AS q ON q.ingredient_id = j.value) AS p
         ON 1 = 1`
  return CommittedRead.of(`prices.timelines:${postgres ? 'pg' : 'sqlite'}`, () =>
    db.knexRawQuery(
      `SELECT v.version, p.ingredient_id, CAST(p.observed_on AS TEXT) AS observed_on, p.price, p.unit
         FROM (SELECT ${PRICES_VERSION} AS version) AS v
         LEFT JOIN ${observations}
        ORDER BY p.ingredient_id, p.observed_on, p.id`,
      [param('ids')]
    )
  )
}

/**
 * Ingredients' price timelines kept in process memory, each with the
 * prices' version it was read at. A request asks for the version its own
 * statement read: a timeline kept at another version is read again (one
 * statement for all the missing ones), so an answer never comes from prices
 * older than what that statement saw. Bounded (least recently used out
 * first) and per process, like VersionedMemo: a lost entry only costs a read.
 */
export default class PriceTimelines {
  static readonly #kept = new LRUCache<number, { version: number; timeline: Timeline }>({
    max: MAX_INGREDIENTS,
    maxSize: MAX_OBSERVATIONS,
    sizeCalculation: (entry) => entry.timeline.dates.length + 1,
  })

  /** The timelines of `ids` (in that order) at `version` or newer. */
  static async of(ids: number[], version: number): Promise<Timeline[]> {
    const timelines = new Map<number, Timeline>()
    const missing: number[] = []
    for (const id of new Set(ids)) {
      const kept = this.#kept.get(id)
      if (kept && kept.version === version && Number.isSafeInteger(version)) {
        timelines.set(id, kept.timeline)
      } else {
        missing.push(id)
      }
    }
    if (missing.length > 0) {
      for (const [id, timeline] of await this.#load(missing)) {
        timelines.set(id, timeline)
      }
    }
    return ids.map((id) => timelines.get(id) ?? EMPTY)
  }

  /**
   * The price and unit of each of `ids` in effect on `date` (the latest on or
   * before it, ties to the last imported); ingredients without one by then
   * are absent.
   */
  static async pricesOn(ids: number[], date: string, version: number) {
    const prices = new Map<number, { price: number; unit: number }>()
    const timelines = await this.of(ids, version)
    ids.forEach((id, index) => {
      const timeline = timelines[index]
      const at = indexOn(timeline, date)
      if (at >= 0) {
        prices.set(id, { price: timeline.prices[at], unit: timeline.units[at] })
      }
    })
    return prices
  }

  static async #load(ids: number[]): Promise<Map<number, Timeline>> {
    const postgres = db.connection().dialect.name === 'postgres'
    const rows = await TIMELINES().run<TimelineRow>({
      ids: postgres ? ids : JSON.stringify(ids),
    })
    const timelines = new Map<number, Timeline>(
      ids.map((id) => [id, { dates: [], days: [], prices: [], units: [] }])
    )
    for (const row of rows) {
      if (row.ingredient_id === null) {
        continue
      }
      const timeline = timelines.get(Number(row.ingredient_id))!
      const date = String(row.observed_on).slice(0, 10)
      const last = timeline.dates.length - 1
      /* Rows come by date, then import order: the day's last one wins. */
      if (last >= 0 && timeline.dates[last] === date) {
        timeline.prices[last] = Number(row.price)
        timeline.units[last] = Number(row.unit)
      } else {
        timeline.dates.push(date)
        timeline.days.push(dayNumber(date))
        timeline.prices.push(Number(row.price))
        timeline.units.push(Number(row.unit))
      }
    }
    const version = Number(rows[0]?.version)
    if (Number.isSafeInteger(version)) {
      for (const [id, timeline] of timelines) {
        this.#kept.set(id, { version, timeline })
      }
    }
    return timelines
  }
}

/** The index of the entry in effect on `date` (the last dated on or before it), or -1. */
export function indexOn(timeline: Timeline, date: string): number {
  const { dates } = timeline
  let low = 0
  let high = dates.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (dates[middle] <= date) {
      low = middle + 1
    } else {
      high = middle
    }
  }
  return low - 1
}
