import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { startBulkRepricing } from '#services/recipes/list_version'
import RecipeCostCalculator, { type CostLineInput } from '#services/recipes/recipe_cost_calculator'

/* Posts per UPDATE statement; keeps bindings far below SQLite's limit. */
const CHUNK_SIZE = 500

interface LineRow {
  post_id: number
  servings: number
  quantity: string | number
  price: number
  unit: number
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
      .select('pi.post_id', 'p.servings', 'pi.quantity', 'i.price', 'i.unit')
      .orderBy('pi.post_id')

    const recipes = new Map<number, { servings: number; lines: CostLineInput[] }>()
    for (const row of rows) {
      const recipe = recipes.get(row.post_id) ?? { servings: row.servings, lines: [] }
      recipe.lines.push({ quantity: row.quantity, price: row.price, unit: row.unit })
      recipes.set(row.post_id, recipe)
    }

    const prices = [...recipes].map(([id, { servings, lines }]) => ({
      id,
      ...RecipeCostCalculator.calculate(lines, servings),
    }))
    for (let start = 0; start < prices.length; start += CHUNK_SIZE) {
      const chunk = prices.slice(start, start + CHUNK_SIZE)
      /* The casts tell PostgreSQL the parameters' type (text otherwise). */
      const cases = chunk.map(() => 'WHEN CAST(? AS INTEGER) THEN CAST(? AS INTEGER)').join(' ')
      await trx.rawQuery(
        `UPDATE posts SET price = CASE id ${cases} END, price_per_serving = CASE id ${cases} END
         WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        [
          ...chunk.flatMap(({ id, price }) => [id, price]),
          ...chunk.flatMap(({ id, pricePerServing }) => [id, pricePerServing]),
          ...chunk.map(({ id }) => id),
        ]
      )
    }
    return prices.length
  }
}
