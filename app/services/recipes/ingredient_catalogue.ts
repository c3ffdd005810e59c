import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { whereContains } from '#services/sql'
import CompiledQuery, { param } from '#database/engine/compiled_query'

/*
 * What a recipe write needs of each line's ingredient: its current price
 * (`price` KRW buys `unit` of `measure`), its date, and the piece sizes that
 * make 개 convertible (units.ts).
 */
export interface PricedItem {
  price: number
  unit: number
  measure: string
  gramsPerPiece: string | null
  mlPerPiece: string | null
  priceDate: string | null
}

/* PricedItem by ingredient id. */
export type PricedCatalogue = ReadonlyMap<number, PricedItem>

/* A row of the priced lookup, from either database (numbers may be text). */
export interface PricedRow {
  id: number | string
  price: number | string
  unit: number | string
  measure: string
  grams_per_piece: string | number | null
  ml_per_piece: string | number | null
  price_date: string | null
}

/* The columns of a priced lookup; dates and piece sizes as text (exact, and no driver Date). */
export const PRICED_COLUMNS = `i.id, i.price, i.unit, i.measure,
  CAST(i.grams_per_piece AS TEXT) AS grams_per_piece, CAST(i.ml_per_piece AS TEXT) AS ml_per_piece,
  CAST(i.price_date AS TEXT) AS price_date`

export function pricedItem(row: PricedRow): PricedItem {
  return {
    price: Number(row.price),
    unit: Number(row.unit),
    measure: row.measure,
    gramsPerPiece: row.grams_per_piece === null ? null : String(row.grams_per_piece),
    mlPerPiece: row.ml_per_piece === null ? null : String(row.ml_per_piece),
    priceDate: row.price_date === null ? null : String(row.price_date).slice(0, 10),
  }
}

export interface CatalogueItem {
  id: number
  name: string
  measure: string
  price: number
  unit: number
}

/* Read access to the ingredient catalogue (the `ingredients` table). */
export default class IngredientCatalogue {
  /**
   * The catalogue sorted by name (code point order on both databases, so the
   * answer and its ETag are the same on SQLite and PostgreSQL), optionally
   * filtered by a name substring.
   */
  static async list(q?: string): Promise<CatalogueItem[]> {
    const query = db.from('ingredients').select('id', 'name', 'measure', 'price', 'unit')
    if (q) {
      whereContains(query, 'name', q)
    }
    const collate = query.client.dialect.name === 'postgres' ? ' COLLATE "C"' : ''
    const rows = await query.orderByRaw(`name${collate}, id`)
    return rows.map((row) => ({
      id: Number(row.id),
      name: row.name,
      measure: row.measure,
      price: Number(row.price),
      unit: Number(row.unit),
    }))
  }

  /**
   * Price, unit, measure, piece sizes and price date of those of these ids
   * that exist, in one statement. Every
   * recipe write reads it, so it is compiled once (CompiledQuery): the ids
   * travel as one value, an array on PostgreSQL and a JSON array on SQLite,
   * and the text is the same for any number of lines.
   */
  static async priced(ids: number[], trx?: TransactionClientContract): Promise<PricedCatalogue> {
    const items = new Map<number, PricedItem>()
    if (ids.length === 0) {
      return items
    }
    const postgres = db.connection().dialect.name === 'postgres'
    /* In a write transaction on PostgreSQL, FOR SHARE: a price import waits, or is seen. */
    const share = postgres && trx !== undefined
    const key = `ingredients.priced:${postgres ? 'pg' : 'sqlite'}:${share ? 'share' : 'plain'}`
    const rows = await CompiledQuery.of(key, () =>
      db
        .from('ingredients as i')
        .whereRaw(
          postgres ? 'i.id = ANY(?::integer[])' : 'i.id IN (SELECT value FROM json_each(?))',
          [param('ids')]
        )
        .select(db.raw(PRICED_COLUMNS))
        .if(share, (query) => query.forShare())
    ).run<PricedRow>({ ids: postgres ? ids : JSON.stringify(ids) }, trx)
    for (const row of rows) {
      items.set(Number(row.id), pricedItem(row))
    }
    return items
  }
}
