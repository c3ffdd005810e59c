import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { bulkRepricing } from '#services/recipes/list_version'
import { type Fraction, PreparedRecipe } from '#services/recipes/recipe_cost_calculator'
import { ownQuantity } from '#services/recipes/recipe_lines'
import { rowsOf } from '#services/price_history'
import { MAX_STORED_PRICE } from '#contract/limits'

/* One recipe with its lines packed as `ingredient|quantity|measure;…` (one row per recipe). */
interface RecipeRow {
  id: number | string
  servings: number | string
  price: number | string
  price_per_serving: number | string
  price_date: string | null
  lines: string
}

interface IngredientRow {
  id: number | string
  measure: string
  grams_per_piece: string | null
  ml_per_piece: string | null
  price: number | string
  unit: number | string
  price_date: string | null
}

/* What a recipe is stored with: [id, price, price_per_serving, price_date]. */
type Stored = [number, number, number, string | null]

/*
 * New prices that would put recipes above what their price column holds
 * (the limit a recipe's own write gets a 422 for): the repricing stops
 * before writing, and the caller's transaction writes nothing.
 */
export class RecipePriceOverflowError extends Error {
  constructor(readonly recipes: Array<{ id: number; price: number }>) {
    const shown = recipes
      .slice(0, 5)
      .map(({ id, price }) => `레시피 ${id} (${price.toLocaleString('en-US')}원)`)
    super(
      `새 가격으로는 레시피 ${recipes.length}개의 가격이 ${MAX_STORED_PRICE.toLocaleString('en-US')}원을 넘음: ${shown.join(', ')}${recipes.length > shown.length ? ' …' : ''}`
    )
  }
}

export interface RepriceOptions {
  /**
   * Ingredients whose current price date moved but not their amount: their
   * recipes' price_date is brought up to date in the same pass (and their
   * price checked), without counting them as repriced.
   */
  dated?: number[]
}

/*
 * Every recipe (or those using one of `filtered` ingredient ids, bound as
 * parameters) with its servings, stored prices and lines packed as
 * `ingredient|quantity|measure;…`. Lines are packed straight from
 * post_ingredients (its primary key is in post_id order, so no sort), and
 * only then joined with the recipes; servings come from
 * posts_id_servings_index, not the wide posts rows (SQLite names it: without
 * ANALYZE's statistics it would read the rows by rowid). A daily import touches
 * every catalogue ingredient, and then every recipe is read without the
 * filter: finding them through the ingredient index cost more than the
 * whole read.
 */
export function recipeRowsStatement(postgres: boolean, filtered: number) {
  const pack = postgres ? 'string_agg' : 'group_concat'
  return `SELECT l.post_id AS id, p.servings, pp.price, pp.price_per_serving,
                 CAST(pp.price_date AS TEXT) AS price_date, l.lines
            FROM (SELECT post_id,
                         ${pack}(CAST(ingredient_id AS TEXT) || '|' || CAST(quantity AS TEXT) || '|'
                                 || COALESCE(measure, ''), ';') AS lines
                    FROM post_ingredients
                   ${
                     filtered === 0
                       ? ''
                       : `WHERE post_id IN (SELECT post_id FROM post_ingredients
                                             WHERE ingredient_id IN (${Array(filtered).fill('?').join(', ')}))`
                   }
                   GROUP BY post_id) AS l
            JOIN posts p ${postgres ? '' : 'INDEXED BY posts_id_servings_index '}ON p.id = l.post_id
            JOIN post_prices pp ON pp.post_id = l.post_id`
}

/*
 * Recomputes the stored price, price_per_serving and price_date (post_prices)
 * of every recipe that uses one of the given ingredients after the catalogue
 * changed, inside the caller's transaction, in a constant number of
 * statements: one reads the catalogue, one the recipes with their lines
 * packed in one row each, PreparedRecipe prices them (the single cost rule),
 * and one UPDATE writes the rows whose values changed, from a JSON array
 * bound as one parameter (four bound arrays measured the same). Returns how
 * many recipes use an ingredient of `ingredientIds` (those the import
 * repriced).
 */
export default class RecipeRepricer {
  static async repriceRecipesUsing(
    ingredientIds: number[],
    trx: TransactionClientContract,
    options: RepriceOptions = {}
  ) {
    const repriced = new Set(ingredientIds)
    const touchedIds = new Set([...ingredientIds, ...(options.dated ?? [])])
    const touched = [...touchedIds]
    if (touched.length === 0) {
      return 0
    }
    const postgres = trx.dialect.name === 'postgres'
    const ingredients = new Map(
      rowsOf<IngredientRow>(
        await trx.rawQuery(
          `SELECT id, measure, CAST(grams_per_piece AS TEXT) AS grams_per_piece,
                  CAST(ml_per_piece AS TEXT) AS ml_per_piece, price, unit,
                  CAST(price_date AS TEXT) AS price_date
             FROM ingredients`
        )
      ).map((row) => [
        Number(row.id),
        {
          convertible: {
            measure: row.measure,
            gramsPerPiece: row.grams_per_piece,
            mlPerPiece: row.ml_per_piece,
          },
          price: Number(row.price),
          unit: Number(row.unit),
          priceDate: row.price_date === null ? null : String(row.price_date).slice(0, 10),
          repriced: repriced.has(Number(row.id)),
        },
      ])
    )
    const everyIngredient = [...ingredients.keys()].every((id) => touchedIds.has(id))
    const recipes = rowsOf<RecipeRow>(
      await trx.rawQuery(
        recipeRowsStatement(postgres, everyIngredient ? 0 : touched.length),
        everyIngredient ? [] : touched
      )
    )

    let count = 0
    const changed: Stored[] = []
    const overflowing: Array<{ id: number; price: number }> = []
    for (const recipe of recipes) {
      const packed = recipe.lines
      const quantities: (string | Fraction)[] = []
      const prices: number[] = []
      const units: number[] = []
      let priceDate: string | null = null
      let counted = false
      /*
       * Walked in place, without split() or a string per id: this runs for
       * every line of every recipe, and fewer short-lived strings is less
       * garbage to collect while the rows are held.
       */
      for (let start = 0; start < packed.length;) {
        const next = packed.indexOf(';', start)
        const end = next < 0 ? packed.length : next
        const first = packed.indexOf('|', start)
        const second = packed.indexOf('|', first + 1)
        let id = 0
        for (let at = start; at < first; at++) {
          id = id * 10 + packed.charCodeAt(at) - 48
        }
        const ingredient = ingredients.get(id)!
        const quantity = packed.slice(first + 1, second)
        const measure = second + 1 < end ? packed.slice(second + 1, end) : ''
        /* A line in its ingredient's own measure goes to PreparedRecipe as text (its fast parse). */
        quantities.push(
          measure === '' || measure === ingredient.convertible.measure
            ? quantity
            : ownQuantity(quantity, measure, ingredient.convertible)
        )
        prices.push(ingredient.price)
        units.push(ingredient.unit)
        if (
          ingredient.priceDate !== null &&
          (priceDate === null || ingredient.priceDate > priceDate)
        ) {
          priceDate = ingredient.priceDate
        }
        counted ||= ingredient.repriced
        start = end + 1
      }
      if (counted) {
        count++
      }
      const prepared = new PreparedRecipe(quantities, Number(recipe.servings))
      const price = prepared.price(prices, units)
      if (price > MAX_STORED_PRICE) {
        overflowing.push({ id: Number(recipe.id), price })
      }
      const pricePerServing = prepared.pricePerServing(price)
      const oldDate = recipe.price_date === null ? null : String(recipe.price_date).slice(0, 10)
      if (
        price !== Number(recipe.price) ||
        pricePerServing !== Number(recipe.price_per_serving) ||
        priceDate !== oldDate
      ) {
        changed.push([Number(recipe.id), price, pricePerServing, priceDate])
      }
    }

    if (overflowing.length > 0) {
      throw new RecipePriceOverflowError(overflowing)
    }
    if (changed.length > 0) {
      /* Both read element i of [id, price, per serving, date] with ->> (SQLite: cheaper than json_extract per row). */
      const at = (index: number, type: string) =>
        postgres ? `CAST(v ->> ${index} AS ${type})` : `v.value ->> ${index}`
      const source = postgres ? 'json_array_elements(CAST(? AS json)) AS j(v)' : 'json_each(?) AS v'
      await bulkRepricing(trx, () =>
        trx.rawQuery(
          `UPDATE post_prices
            SET price = ${at(1, 'integer')}, price_per_serving = ${at(2, 'integer')},
                price_date = ${at(3, 'date')}
           FROM ${source}
          WHERE post_prices.post_id = ${at(0, 'integer')}`,
          [JSON.stringify(changed)]
        )
      )
    }
    return count
  }
}
