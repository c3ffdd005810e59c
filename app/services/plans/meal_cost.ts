import { LRUCache } from 'lru-cache'
import { type Fraction, PreparedRecipe } from '#services/recipes/recipe_cost_calculator'
import { convertQuantity, IncompatibleUnitError } from '#services/units'
import type { MealRow, PlanLine } from '#services/plans/plan_contents'

/*
 * What one meal of a plan costs at current prices: its recipe's lines
 * converted to their ingredients' own measures and scaled to the meal's
 * servings once (kept by what they are computed from), then priced per
 * request. The plan's answer and its shopping list both start here.
 */

/* A line's quantity in its ingredient's own measure; null when its unit no longer converts. */
function ownQuantity(line: PlanLine): Fraction | null {
  try {
    return convertQuantity(line.quantity, line.lineMeasure ?? line.measure, {
      measure: line.measure,
      gramsPerPiece: line.gramsPerPiece,
      mlPerPiece: line.mlPerPiece,
    })
  } catch (error) {
    if (!(error instanceof IncompatibleUnitError)) {
      throw error
    }
    /* The catalogue changed the ingredient's measure since the recipe was written. */
    return null
  }
}

/**
 * A meal's recipe parsed, converted and scaled to the meal's servings: a
 * PreparedRecipe of the lines that convert (`lines[k]` is the index, in the
 * recipe's lines, of its line k), priced with the current prices per request.
 */
export interface PreparedMeal {
  recipe: PreparedRecipe
  lines: number[]
}

/*
 * Prepared meals by what they are computed from (the text of every input),
 * never by id: an edited recipe or catalogue entry is another key, so a kept
 * value cannot go stale. Prices are not in the key; they are applied per request.
 */
const preparedMeals = new LRUCache<string, PreparedMeal>({ max: 2_000 })

/** What `preparedMeal` computes the meal from, as one text (each value's own String form). */
export function mealKey(meal: MealRow, lines: PlanLine[]): string {
  let key = `${meal.recipe_servings}>${meal.servings}`
  for (const line of lines) {
    key += `|${line.quantity} ${line.lineMeasure} ${line.measure} ${line.gramsPerPiece} ${line.mlPerPiece}`
  }
  return key
}

export function preparedMeal(
  meal: MealRow,
  lines: PlanLine[],
  key = mealKey(meal, lines)
): PreparedMeal {
  let prepared = preparedMeals.get(key)
  if (!prepared) {
    const quantities: Fraction[] = []
    const converted: number[] = []
    lines.forEach((line, index) => {
      const quantity = ownQuantity(line)
      if (quantity !== null) {
        quantities.push(quantity)
        converted.push(index)
      }
    })
    prepared = {
      recipe: new PreparedRecipe(quantities, meal.recipe_servings, meal.servings),
      lines: converted,
    }
    preparedMeals.set(key, prepared)
  }
  return prepared
}

/** Whether an ingredient has a current price to cost it with (a price of 0 counts as none). */
export function isPriced(line: Pick<PlanLine, 'price' | 'unit'>) {
  return line.price > 0 && line.unit > 0
}

/**
 * A meal's price at current prices, as GET /posts/{id}?servings=N answers it
 * for N = the meal's servings: the recipe's lines scaled exactly, rounded
 * once (contract §4, §8). Lines that no longer convert count as 0.
 */
export function mealCost(meal: MealRow, lines: PlanLine[]) {
  const { recipe, lines: converted } = preparedMeal(meal, lines)
  const prices = converted.map((index) => lines[index].price)
  const units = converted.map((index) => lines[index].unit)
  const price = recipe.price(prices, units)
  return { price, pricePerServing: recipe.pricePerServing(price) }
}
