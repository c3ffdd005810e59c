import db from '@adonisjs/lucid/services/db'
import { param } from '#database/engine/compiled_query'

/* A recipe's line with its catalogue entry. */
export interface LineRow {
  id: number
  name: string
  measure: string
  quantity: string
}

export interface PricedLineRow extends LineRow {
  price: number
  unit: number
}

/** A recipe's lines (param `postId`) with their catalogue entries, in the author's order. */
export function linesOf(withPrices: boolean) {
  const query = db
    .from('post_ingredients as pi')
    .join('ingredients as i', 'i.id', 'pi.ingredient_id')
    .where('pi.post_id', param('postId'))
    .select('i.id', 'i.name', 'i.measure', 'pi.quantity')
    .orderBy('pi.position', 'asc')
  if (withPrices) {
    query.select('i.price', 'i.unit')
  }
  return query
}
