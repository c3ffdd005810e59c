import db from '@adonisjs/lucid/services/db'
import { catalogue } from '#tests/helpers/recipes'

/*
 * An ingredient measured in ml, which the seed catalogue has none of: 5,000
 * KRW for 1,000 ml (5 KRW a ml). Returns the catalogue's ids by name with it.
 */
export async function catalogueWithSoySauce(): Promise<Record<string, number>> {
  const ids = await catalogue()
  if (!ids['간장']) {
    await db.table('ingredients').insert({
      name: '간장',
      measure: 'ml',
      price: 5000,
      unit: 1000,
      created_at: new Date(),
      updated_at: new Date(),
    })
  }
  return catalogue()
}

/* Gives a recipe's line of one ingredient another unit (as a §8 recipe form stores it). */
export async function setLineUnit(postId: number, ingredientId: number, measure: string) {
  await db
    .from('post_ingredients')
    .where('post_id', postId)
    .where('ingredient_id', ingredientId)
    .update({ measure })
}

/* Rows of the plan tables, to show a failed write left nothing. */
export async function planRowCounts() {
  const [plans] = await db.from('plans').count('* as total')
  const [meals] = await db.from('plan_meals').count('* as total')
  return { plans: Number(plans.total), meals: Number(meals.total) }
}
