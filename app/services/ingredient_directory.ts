import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import PriceHistory, { type Observation } from '#services/price_history'
import { INGREDIENT_NOT_FOUND } from '#contract/messages'

/* A catalogue item with its current price's date and source (contract §8). */
export interface DirectoryItem {
  id: number
  name: string
  measure: string
  price: number
  unit: number
  price_date: string | null
  source: string | null
  grams_per_piece: number | null
}

export interface PricePoint {
  observed_on: string
  price: number
  unit: number
  measure: string
  source: string
}

function catalogueQuery() {
  return db
    .from('ingredients')
    .select(
      'id',
      'name',
      'measure',
      'price',
      'unit',
      db.raw('CAST(price_date AS TEXT) AS price_date'),
      'source',
      'grams_per_piece'
    )
}

function toItem(row: Record<string, any>): DirectoryItem {
  return {
    id: Number(row.id),
    name: row.name,
    measure: row.measure,
    price: Number(row.price),
    unit: Number(row.unit),
    price_date: row.price_date === null ? null : String(row.price_date).slice(0, 10),
    source: row.source ?? null,
    grams_per_piece: row.grams_per_piece === null ? null : Number(row.grams_per_piece),
  }
}

function toPoint(observation: Observation): PricePoint {
  return {
    observed_on: observation.observedOn,
    price: observation.price,
    unit: observation.unit,
    measure: observation.measure,
    source: observation.source,
  }
}

/* GET /ingredients and its items: the catalogue with dates, sources and price history. */
export default class IngredientDirectory {
  /** Every catalogue item, by name in code point order (the same on both databases). */
  static async list(): Promise<DirectoryItem[]> {
    const query = catalogueQuery()
    const collate = query.client.dialect.name === 'postgres' ? ' COLLATE "C"' : ''
    const rows = await query.orderByRaw(`name${collate}, id`)
    return rows.map(toItem)
  }

  /** One item; 404 "존재하지 않는 재료" when the id is unknown. */
  static async find(id: number): Promise<DirectoryItem> {
    const row = await catalogueQuery().where('id', id).first()
    if (!row) {
      throw ApiException.notFound(INGREDIENT_NOT_FOUND)
    }
    return toItem(row)
  }

  /** An item and its observations from `from` to `to`, oldest first. */
  static async prices(id: number, from: string, to: string) {
    const ingredient = await IngredientDirectory.find(id)
    const observations = await PriceHistory.observations(id, from, to)
    return { ingredient, prices: observations.map(toPoint) }
  }
}
