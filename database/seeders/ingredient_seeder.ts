import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import IngredientCatalogueImporter from '#services/ingredient_catalogue_importer'

/* The ingredient catalogue, from the project's copy of the seed CSV. Idempotent. */
export default class IngredientSeeder extends BaseSeeder {
  static dataFile = app.makePath('database/data/ingredients.csv')

  async run() {
    const csv = await readFile(IngredientSeeder.dataFile, 'utf8')
    await IngredientCatalogueImporter.import(csv)
  }
}
