import db from '@adonisjs/lucid/services/db'
import { param } from '#database/engine/compiled_query'
import {
  canonicalQuantity,
  PreparedRecipe,
  type Fraction,
  multiply,
  normalize,
  parseDecimal,
  QUANTITY_SCALE,
  toDecimalString,
} from '#services/recipes/recipe_cost_calculator'
import { convertQuantity, type ConvertibleIngredient } from '#services/units'

/* A recipe's line with its catalogue entry. */
export interface LineRow {
  id: number | string
  name: string
  /* The ingredient's own measure (the catalogue's). */
  measure: string
  /* In `line_measure`, or in `measure` when that is null (every v1 line). */
  quantity: string
  line_measure: string | null
  grams_per_piece: string | null
  ml_per_piece: string | null
}

export interface PricedLineRow extends LineRow {
  price: number | string
  unit: number | string
}

/** A recipe's lines (param `postId`) with their catalogue entries, in the author's order. */
export function linesOf(withPrices: boolean) {
  const query = db
    .from('post_ingredients as pi')
    .join('ingredients as i', 'i.id', 'pi.ingredient_id')
    .where('pi.post_id', param('postId'))
    .select('i.id', 'i.name', 'i.measure', 'pi.quantity', 'pi.measure as line_measure')
    .select(
      db.raw(
        'CAST(i.grams_per_piece AS TEXT) AS grams_per_piece, CAST(i.ml_per_piece AS TEXT) AS ml_per_piece'
      )
    )
    .orderBy('pi.position', 'asc')
  if (withPrices) {
    query.select('i.price', 'i.unit')
  }
  return query
}

/** The unit a line is answered in: as entered, or the ingredient's own. */
export function enteredMeasure(line: { measure: string; line_measure: string | null }) {
  return line.line_measure ?? line.measure
}

/* The ingredient as units.ts reads it, from a line row. */
export function convertibleOf(line: LineRow): ConvertibleIngredient {
  return {
    measure: line.measure,
    gramsPerPiece: line.grams_per_piece,
    mlPerPiece: line.ml_per_piece,
  }
}

/**
 * A line's quantity in its ingredient's own measure, exactly (1/3 큰술 of an
 * ml ingredient is 5 ml). `unit` null or the ingredient's own: as is.
 */
export function ownQuantity(
  quantity: string | number,
  unit: string | null | undefined,
  ingredient: ConvertibleIngredient
): Fraction {
  if (!unit || unit === ingredient.measure) {
    return parseDecimal(quantity)
  }
  return convertQuantity(quantity, unit, ingredient)
}

/** A line to cost: its quantity in its ingredient's measure, and a price (null: none yet). */
export interface LineToCost {
  /* As entered (in the line's own unit). */
  quantity: string
  /* `quantity` in the ingredient's measure (ownQuantity). */
  own: Fraction
  price: number | null
  unit: number | null
}

/**
 * The recipe's cost through the one cost rule (PreparedRecipe, as
 * RecipeCostCalculator prices), for `forServings`: each line's quantity as
 * entered and its cost (null without a price; such a line counts as 0 in the
 * price). Not RecipeCostCalculator.calculate: it also writes each line's
 * scaled quantity in its ingredient's measure, which is not answered here.
 */
export function costLines(lines: LineToCost[], servings: number, forServings = servings) {
  const recipe = new PreparedRecipe(
    lines.map((line) => line.own),
    servings,
    forServings
  )
  const prices = lines.map((line) => (line.price === null || line.unit === null ? 0 : line.price))
  const units = lines.map((line) => (line.price === null || line.unit === null ? 1 : line.unit))
  const price = recipe.price(prices, units)
  /* Null: the recipe's own servings, each quantity as entered. */
  const scale =
    forServings === servings
      ? null
      : normalize({ numerator: BigInt(forServings), denominator: BigInt(servings) })
  return {
    price,
    pricePerServing: recipe.pricePerServing(price),
    lines: lines.map((line, index) => ({
      quantity: scale
        ? toDecimalString(multiply(parseDecimal(line.quantity), scale), QUANTITY_SCALE)
        : canonicalQuantity(line.quantity),
      cost: line.price === null ? null : recipe.lineCost(index, prices, units),
    })),
  }
}
