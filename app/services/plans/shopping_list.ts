import PlanContentsReader, { isPriced, scaled } from '#services/plans/plan_contents'
import {
  add,
  type Fraction,
  multiply,
  QUANTITY_SCALE,
  roundHalfUp,
  toDecimalString,
} from '#services/recipes/recipe_cost_calculator'

export interface ShoppingLine {
  ingredient_id: number
  name: string
  /* In the ingredient's own measure, as a decimal with at most 4 places. */
  quantity: string
  measure: string
  /* KRW rounded for display; null when the ingredient has no price. */
  cost: number | null
}

export interface ShoppingList {
  plan: { id: number; name: string }
  lines: ShoppingLine[]
  total: number
  unpriced: number[]
}

interface Tally {
  ingredientId: number
  name: string
  measure: string
  priced: boolean
  price: number
  unit: number
  quantity: Fraction
  convertible: boolean
}

const ZERO: Fraction = { numerator: 0n, denominator: 1n }

/* Names in code point order (가나다 for Hangul), ids breaking ties. */
const byName = (a: Tally, b: Tally) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.ingredientId - b.ingredientId

/*
 * The shopping list of a plan (contract §9): every meal's lines scaled to the
 * meal's servings, summed per ingredient in the ingredient's own measure
 * (2 큰술 + 100 ml of one ingredient is one line of 130 ml), costed at current
 * prices with exact fractions.
 *
 * Rounding: each line's `cost` is rounded for display, `total` is the exact
 * sum rounded once. The plan's `total` is the sum of its meals' prices, each
 * rounded once per meal, so the two totals differ by less than 0.5 KRW per
 * meal. Ingredients without a price (a current price of 0) are listed in
 * `unpriced`, with a null cost, and count as 0 in both totals.
 */
export default class ShoppingListBuilder {
  static async build(caller: { id: number }, planId: number): Promise<ShoppingList> {
    const { plan, meals, linesByRecipe } = await PlanContentsReader.load(caller, planId, 'view')
    const tallies = new Map<number, Tally>()
    for (const meal of meals) {
      for (const line of linesByRecipe.get(meal.post_id) ?? []) {
        let tally = tallies.get(line.ingredientId)
        if (!tally) {
          tally = {
            ingredientId: line.ingredientId,
            name: line.name,
            measure: line.measure,
            priced: isPriced(line),
            price: line.price,
            unit: line.unit,
            quantity: ZERO,
            convertible: true,
          }
          tallies.set(line.ingredientId, tally)
        }
        if (line.quantity === null) {
          /* A unit that no longer converts: it cannot be summed, nor costed. */
          tally.convertible = false
        } else {
          tally.quantity = add(tally.quantity, scaled(line.quantity, meal))
        }
      }
    }

    let exactTotal = ZERO
    const lines: ShoppingLine[] = []
    const unpriced: number[] = []
    for (const tally of [...tallies.values()].sort(byName)) {
      const costed = tally.priced && tally.convertible
      let cost: number | null = null
      if (costed) {
        const exact = multiply(tally.quantity, {
          numerator: BigInt(tally.price),
          denominator: BigInt(tally.unit),
        })
        exactTotal = add(exactTotal, exact)
        cost = roundHalfUp(exact)
      } else {
        unpriced.push(tally.ingredientId)
      }
      lines.push({
        ingredient_id: tally.ingredientId,
        name: tally.name,
        quantity: toDecimalString(tally.quantity, QUANTITY_SCALE),
        measure: tally.measure,
        cost,
      })
    }
    return {
      plan: { id: Number(plan.id), name: plan.name },
      lines,
      total: roundHalfUp(exactTotal),
      unpriced,
    }
  }
}
