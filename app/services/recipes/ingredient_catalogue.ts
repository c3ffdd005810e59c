import db from '@adonisjs/lucid/services/db'
import { whereContains } from '#services/sql'
import CompiledQuery, { param } from '#database/engine/compiled_query'

/* Price and unit by ingredient id. */
export type PricedCatalogue = ReadonlyMap<number, { price: number; unit: number }>

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
   * Price and unit of those of these ids that exist, in one statement. Every
   * recipe write reads it, so it is compiled once (CompiledQuery): the ids
   * travel as one value, an array on PostgreSQL and a JSON array on SQLite,
   * and the text is the same for any number of lines.
   */
  static async priced(ids: number[]): Promise<PricedCatalogue> {
    const items = new Map<number, { price: number; unit: number }>()
    if (ids.length === 0) {
      return items
    }
    const postgres = db.connection().dialect.name === 'postgres'
    const rows = await CompiledQuery.of(`ingredients.priced:${postgres ? 'pg' : 'sqlite'}`, () =>
      db
        .from('ingredients')
        .whereRaw(postgres ? 'id = ANY(?::integer[])' : 'id IN (SELECT value FROM json_each(?))', [
          param('ids'),
        ])
        .select('id', 'price', 'unit')
    ).run<{ id: number; price: number | string; unit: number | string }>({
      ids: postgres ? ids : JSON.stringify(ids),
    })
    for (const row of rows) {
      items.set(Number(row.id), { price: Number(row.price), unit: Number(row.unit) })
    }
    return items
  }
}
