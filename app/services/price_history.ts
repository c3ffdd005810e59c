import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/* One price observation as the read paths answer it. */
export interface Observation {
  ingredientId: number
  observedOn: string
  price: number
  unit: number
  measure: string
  source: string
}

/* Rows from either database: numbers may be text, dates are cast to text. */
interface ObservationRow {
  ingredient_id: number | string
  observed_on: string
  price: number | string
  unit: number | string
  measure: string
  source: string
}

/* The source of prices that come from the catalogue (migration, ingredients:import). */
export const CATALOGUE_SOURCE = 'catalogue'

/* Rows per multi-row INSERT; keeps bindings far below SQLite's limit. */
const INSERT_CHUNK = 500

/* Any advisory-lock key works as long as every price writer uses the same one. */
const PRICE_WRITES_LOCK = 180_018

/** Today's date (UTC), the default `observed_on` of an import. */
export function today(): string {
  return new Date().toISOString().slice(0, 10)
}

function toObservation(row: ObservationRow): Observation {
  return {
    ingredientId: Number(row.ingredient_id),
    observedOn: String(row.observed_on).slice(0, 10),
    price: Number(row.price),
    unit: Number(row.unit),
    measure: row.measure,
    source: row.source,
  }
}

/*
 * The latest observation of ingredient `i.id` (its current price), ties to
 * the last imported: one index probe per ingredient. Prices on a past date
 * are read from the kept timelines (PriceTimelines.pricesOn), by the same rule.
 */
const LATEST_ID = `(SELECT q.id FROM ingredient_prices q WHERE q.ingredient_id = i.id
                     ORDER BY q.observed_on DESC, q.id DESC LIMIT 1)`

/*
 * Reads and keeps the price history (contract §8). The current price of an
 * ingredient is its observation with the latest `observed_on`, ties to the
 * one imported last (highest id); `ingredients` keeps it denormalised and
 * refreshIngredients() derives it again after observations change.
 */
export default class PriceHistory {
  /**
   * Serialises every writer of prices for the rest of the transaction, so two
   * imports never reprice a recipe from a mix of each other's prices:
   * PostgreSQL takes a transaction-scoped advisory lock; SQLite has one writer,
   * and a first (empty) write takes its lock now rather than at the first real
   * write, which could fail on a snapshot another import made stale.
   */
  static async lockPriceWrites(trx: TransactionClientContract) {
    if (trx.dialect.name === 'postgres') {
      await trx.rawQuery('SELECT pg_advisory_xact_lock(?)', [PRICE_WRITES_LOCK])
    } else {
      await trx.rawQuery('DELETE FROM price_aliases WHERE 1 = 0')
    }
  }

  /**
   * The current price of each of `ingredientIds` (its latest observation),
   * in one statement whatever the number of ingredients. Ingredients with
   * no observation are absent from the map.
   */
  static async currentPrices(
    ingredientIds: number[],
    client: QueryClientContract = db.connection()
  ): Promise<Map<number, Observation>> {
    const prices = new Map<number, Observation>()
    if (ingredientIds.length === 0) {
      return prices
    }
    const ids = [...new Set(ingredientIds)]
    const result = await client.rawQuery(
      `SELECT p.ingredient_id, CAST(p.observed_on AS TEXT) AS observed_on, p.price, p.unit,
              p.measure, p.source
         FROM ingredients i
         JOIN ingredient_prices p ON p.id = ${LATEST_ID}
        WHERE i.id IN (${ids.map(() => '?').join(', ')})`,
      ids
    )
    for (const row of rowsOf<ObservationRow>(result)) {
      const observation = toObservation(row)
      prices.set(observation.ingredientId, observation)
    }
    return prices
  }

  /** The observations of one ingredient from `from` to `to` (inclusive), oldest first. */
  static async observations(
    ingredientId: number,
    from: string,
    to: string,
    client: QueryClientContract = db.connection()
  ): Promise<Observation[]> {
    const rows: ObservationRow[] = await client
      .from('ingredient_prices')
      .where('ingredient_id', ingredientId)
      .where('observed_on', '>=', from)
      .where('observed_on', '<=', to)
      .select(
        'ingredient_id',
        client.raw('CAST(observed_on AS TEXT) AS observed_on'),
        'price',
        'unit',
        'measure',
        'source'
      )
      .orderBy('observed_on')
      .orderBy('id')
    return rows.map(toObservation)
  }

  /**
   * ingredients:import's side of the history: each catalogue row's price
   * becomes the observation (today, `catalogue`) of its ingredient; a changed
   * price replaces today's so that it is the last imported (and current).
   * Returns refreshIngredients()'s `moved` and `dated` (for RecipeRepricer).
   */
  static async recordCatalogue(
    rows: { name: string; measure: string; price: number; unit: number }[],
    changedNames: Set<string>,
    trx: TransactionClientContract
  ): Promise<{ moved: number[]; dated: number[] }> {
    if (rows.length === 0) {
      return { moved: [], dated: [] }
    }
    const ingredients = await trx
      .from('ingredients')
      .whereIn(
        'name',
        rows.map((row) => row.name)
      )
      .select('id', 'name')
    const idOf = new Map(ingredients.map((row) => [row.name as string, Number(row.id)]))
    const observedOn = today()
    const changedIds = rows
      .filter((row) => changedNames.has(row.name))
      .map((row) => idOf.get(row.name)!)
    if (changedIds.length > 0) {
      await trx
        .from('ingredient_prices')
        .whereIn('ingredient_id', changedIds)
        .where('observed_on', observedOn)
        .where('source', CATALOGUE_SOURCE)
        .delete()
    }
    const now = new Date()
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await trx
        .insertQuery()
        .table('ingredient_prices')
        .multiInsert(
          rows.slice(start, start + INSERT_CHUNK).map((row) => ({
            ingredient_id: idOf.get(row.name)!,
            price: row.price,
            unit: row.unit,
            measure: row.measure,
            observed_on: observedOn,
            source: CATALOGUE_SOURCE,
            created_at: now,
          }))
        )
        .knexQuery.onConflict(['ingredient_id', 'observed_on', 'source'])
        .ignore()
    }
    return PriceHistory.refreshIngredients([...idOf.values()], trx)
  }

  /**
   * Sets each ingredient's denormalised current price (price, unit,
   * price_date, source) to its latest observation, in one UPDATE. `moved`
   * are the ids whose price or unit changed, `dated` every id whose row
   * changed (their recipes' price_date may move); the caller brings the
   * recipes up to date (RecipeRepricer, with `dated`, in one pass).
   */
  static async refreshIngredients(
    ingredientIds: number[],
    trx: TransactionClientContract
  ): Promise<{ moved: number[]; dated: number[] }> {
    if (ingredientIds.length === 0) {
      return { moved: [], dated: [] }
    }
    const ids = [...new Set(ingredientIds)]
    const before = await trx
      .from('ingredients')
      .whereIn('id', ids)
      .select('id', 'price', 'unit', trx.raw('CAST(price_date AS TEXT) AS price_date'), 'source')
    const latest = await PriceHistory.currentPrices(ids, trx)
    const stale = before.filter((row) => {
      const current = latest.get(Number(row.id))
      return (
        current &&
        (Number(row.price) !== current.price ||
          Number(row.unit) !== current.unit ||
          row.price_date !== current.observedOn ||
          row.source !== current.source)
      )
    })
    if (stale.length === 0) {
      return { moved: [], dated: [] }
    }
    const latestOf = (column: string) =>
      `(SELECT p.${column} FROM ingredient_prices p WHERE p.ingredient_id = ingredients.id
         ORDER BY p.observed_on DESC, p.id DESC LIMIT 1)`
    await trx.rawQuery(
      `UPDATE ingredients
          SET price = ${latestOf('price')}, unit = ${latestOf('unit')},
              price_date = ${latestOf('observed_on')}, source = ${latestOf('source')},
              updated_at = ?
        WHERE id IN (${stale.map(() => '?').join(', ')})`,
      [new Date(), ...stale.map((row) => Number(row.id))]
    )
    return {
      moved: stale
        .filter((row) => {
          const current = latest.get(Number(row.id))!
          return Number(row.price) !== current.price || Number(row.unit) !== current.unit
        })
        .map((row) => Number(row.id)),
      dated: stale.map((row) => Number(row.id)),
    }
  }
}

/* rawQuery answers rows directly on SQLite and as `{ rows }` on PostgreSQL. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? [])
}
