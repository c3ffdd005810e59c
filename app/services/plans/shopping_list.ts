import { LRUCache } from 'lru-cache'
import PlanContentsReader, {
  derivedOnce,
  type MealRow,
  type PlanContents,
  type PlanLine,
} from '#services/plans/plan_contents'
import { isPriced, mealKey, preparedMeal } from '#services/plans/meal_cost'
import {
  add,
  type Fraction,
  PreparedRecipe,
  QUANTITY_SCALE,
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

/* One ingredient's sum over the plan, before prices. */
interface Tally {
  ingredientId: number
  /* The summed quantity, as answered. */
  quantity: string
  /* False when a line's unit no longer converts: it cannot be summed, nor costed. */
  convertible: boolean
  /* The summed quantity alone, to price the line. */
  line: PreparedRecipe
}

/* The sums of a plan's lines per ingredient, in first-seen order, and all of them to price the total. */
interface Tallies {
  tallies: Tally[]
  all: PreparedRecipe
}

const ZERO: Fraction = { numerator: 0n, denominator: 1n }

/*
 * Sums by what they are computed from (every meal's key and its lines'
 * ingredients), never by plan id: a changed meal, recipe or catalogue entry
 * is another key, so a kept value cannot go stale. Prices are applied per request.
 */
const planTallies = new LRUCache<string, Tallies>({ max: 200 })

function tally(meals: MealRow[], linesByRecipe: Map<number, PlanLine[]>): Tallies {
  const mealKeys: string[] = []
  let key = ''
  for (const meal of meals) {
    const lines = linesByRecipe.get(meal.post_id) ?? []
    const mealText = mealKey(meal, lines)
    mealKeys.push(mealText)
    key += `${mealText}#${lines.map((line) => line.ingredientId).join(',')}\n`
  }
  let kept = planTallies.get(key)
  if (!kept) {
    const sums = new Map<number, { quantity: Fraction; convertible: boolean }>()
    meals.forEach((meal, index) => {
      const lines = linesByRecipe.get(meal.post_id) ?? []
      const prepared = preparedMeal(meal, lines, mealKeys[index])
      const quantities = new Map(
        prepared.lines.map((line, k) => [line, prepared.recipe.quantities[k]])
      )
      lines.forEach((line, at) => {
        let sum = sums.get(line.ingredientId)
        if (!sum) {
          sum = { quantity: ZERO, convertible: true }
          sums.set(line.ingredientId, sum)
        }
        const quantity = quantities.get(at)
        if (quantity === undefined) {
          sum.convertible = false
        } else {
          sum.quantity = add(sum.quantity, quantity)
        }
      })
    })
    const tallies = [...sums].map(([ingredientId, sum]) => ({
      ingredientId,
      quantity: toDecimalString(sum.quantity, QUANTITY_SCALE),
      convertible: sum.convertible,
      line: new PreparedRecipe([sum.quantity], 1),
    }))
    kept = {
      tallies,
      all: new PreparedRecipe(
        [...sums.values()].map((sum) => sum.quantity),
        1
      ),
    }
    planTallies.set(key, kept)
  }
  return kept
}

/* Names in code point order (가나다 for Hangul), ids breaking ties. */
const byName = (a: PlanLine, b: PlanLine) =>
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
    return derivedOnce(lists, await PlanContentsReader.load(caller, planId, 'view'), shoppingList)
  }
}

/* Lists by the contents they were computed from (derivedOnce). */
const lists = new WeakMap<PlanContents, ShoppingList>()

function shoppingList({ plan, meals, linesByRecipe }: PlanContents): ShoppingList {
  const { tallies, all } = tally(meals, linesByRecipe)
  /* The catalogue entry of each ingredient (every line of one ingredient has the same). */
  const entries = new Map<number, PlanLine>()
  for (const lines of linesByRecipe.values()) {
    for (const line of lines) {
      entries.set(line.ingredientId, line)
    }
  }
  /* The total prices every costed sum; the others count as 0. */
  const prices = new Array<number>(tallies.length)
  const units = new Array<number>(tallies.length)
  const rows = tallies.map((sum, index) => {
    const entry = entries.get(sum.ingredientId)!
    const costed = sum.convertible && isPriced(entry)
    prices[index] = costed ? entry.price : 0
    units[index] = costed ? entry.unit : 1
    return { sum, entry, costed }
  })
  rows.sort((a, b) => byName(a.entry, b.entry))
  const lines: ShoppingLine[] = []
  const unpriced: number[] = []
  for (const { sum, entry, costed } of rows) {
    if (!costed) {
      unpriced.push(sum.ingredientId)
    }
    lines.push({
      ingredient_id: sum.ingredientId,
      name: entry.name,
      quantity: sum.quantity,
      measure: entry.measure,
      cost: costed ? sum.line.price([entry.price], [entry.unit]) : null,
    })
  }
  return {
    plan: { id: Number(plan.id), name: plan.name },
    lines,
    total: all.price(prices, units),
    unpriced,
  }
}
