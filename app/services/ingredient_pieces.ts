import { parse } from 'csv-parse/sync'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { parseDecimal } from '#services/recipes/recipe_cost_calculator'

/*
 * Piece sizes of catalogue items (database/data/ingredient_pieces.csv:
 * name,grams_per_piece,ml_per_piece), kept apart from the price catalogue.
 * Rows naming an ingredient that is not in the catalogue are ignored.
 */
export default class IngredientPieces {
  static async apply(csv: string, client: QueryClientContract): Promise<number> {
    const records: Record<string, string>[] = parse(csv, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
    })
    let updated = 0
    for (const [index, record] of records.entries()) {
      const size = (value: string | undefined) => {
        if (!value) {
          return null
        }
        const fraction = parseDecimal(value)
        if (fraction.numerator === 0n) {
          throw new TypeError(`line ${index + 2}: a piece size must be positive`)
        }
        return value
      }
      updated += Number(
        await client
          .from('ingredients')
          .where('name', record.name)
          .update({
            grams_per_piece: size(record.grams_per_piece),
            ml_per_piece: size(record.ml_per_piece),
          })
      )
    }
    return updated
  }
}
