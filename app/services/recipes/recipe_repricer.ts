import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { startBulkRepricing } from '#services/recipes/list_version'
import RecipeCostCalculator, { type CostLineInput } from '#services/recipes/recipe_cost_calculator'
import { ownQuantity } from '#services/recipes/recipe_lines'

/* Posts per UPDATE statement; keeps bindings far below SQLite's limit. */
const CHUNK_SIZE = 500

interface LineRow {
  post_id: number
  servings: number
  quantity: string | number
  line_measure: string | null
  measure: string
  grams_per_piece: string | null
  ml_per_piece: string | null
  price: number
  unit: number
  price_date: string | null
}

/*
 * Recomputes the stored price of every recipe that uses one of the given
 * ingredients after the catalogue changed: one query reads all their lines,
 * RecipeCostCalculator prices them (the single cost rule), and one UPDATE per
 * 500 recipes writes the results (CASE by id), inside the caller's transaction.
 */
export default class RecipeRepricer {
  static async repriceRecipesUsing(ingredientIds: number[], trx: TransactionClientContract) {
    if (ingredientIds.length === 0) {
      return 0
    }
    await startBulkRepricing(trx)
    const rows: LineRow[] = await trx
      .from('post_ingredients as pi')
      .join('posts as p', 'p.id', 'pi.post_id')
      .join('ingredients as i', 'i.id', 'pi.ingredient_id')
      .whereIn(
        'pi.post_id',
        trx.from('post_ingredients').distinct('post_id').whereIn('ingredient_id', ingredientIds)
      )
      .select(
        'pi.post_id',
        'p.servings',
        'pi.quantity',
        'pi.measure as line_measure',
        'i.measure',
        'i.price',
        'i.unit'
      )
      .select(
        trx.raw(`CAST(i.grams_per_piece AS TEXT) AS grams_per_piece,
          CAST(i.ml_per_piece AS TEXT) AS ml_per_piece, CAST(i.price_date AS TEXT) AS price_date`)
      )
      .orderBy('pi.post_id')

    const recipes = new Map<
      number,
      { servings: number; lines: CostLineInput[]; priceDate: string | null }
    >()
    for (const row of rows) {
      const postId = Number(row.post_id)
      const recipe = recipes.get(postId) ?? {
        servings: Number(row.servings),
        lines: [],
        priceDate: null,
      }
      recipe.lines.push({
        quantity: ownQuantity(row.quantity, row.line_measure, {
          measure: row.measure,
          gramsPerPiece: row.grams_per_piece,
          mlPerPiece: row.ml_per_piece,
        }),
        price: Number(row.price),
        unit: Number(row.unit),
      })
      const date = row.price_date === null ? null : String(row.price_date).slice(0, 10)
      if (date !== null && (recipe.priceDate === null || date > recipe.priceDate)) {
        recipe.priceDate = date
      }
      recipes.set(postId, recipe)
    }

    const prices = [...recipes].map(([id, { servings, lines, priceDate }]) => ({
      id,
      priceDate,
      ...RecipeCostCalculator.calculate(lines, servings),
    }))
    /* '' stands for no date (bindings are never null). */
    const dateCast =
      trx.dialect.name === 'postgres' ? `CAST(NULLIF(?, '') AS DATE)` : `NULLIF(?, '')`
    for (let start = 0; start < prices.length; start += CHUNK_SIZE) {
      const chunk = prices.slice(start, start + CHUNK_SIZE)
      /* The casts tell PostgreSQL the parameters' type (text otherwise). */
      const cases = chunk.map(() => 'WHEN CAST(? AS INTEGER) THEN CAST(? AS INTEGER)').join(' ')
      const dates = chunk.map(() => `WHEN CAST(? AS INTEGER) THEN ${dateCast}`).join(' ')
      await trx.rawQuery(
        `UPDATE posts SET price = CASE id ${cases} END, price_per_serving = CASE id ${cases} END,
                price_date = CASE id ${dates} END
         WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        [
          ...chunk.flatMap(({ id, price }) => [id, price]),
          ...chunk.flatMap(({ id, pricePerServing }) => [id, pricePerServing]),
          ...chunk.flatMap(({ id, priceDate }) => [id, priceDate ?? '']),
          ...chunk.map(({ id }) => id),
        ]
      )
    }
    return prices.length
  }
}
