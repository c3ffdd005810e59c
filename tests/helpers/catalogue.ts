import db from '@adonisjs/lucid/services/db'
import IngredientSeeder from '#database/seeders/ingredient_seeder'

/* Loads the real seed catalogue (25 rows, ids 1–25 on an empty table). */
export async function seedCatalogue() {
  await new IngredientSeeder(db.connection()).run()
}
