import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import IngredientCatalogueImporter from '#services/ingredient_catalogue_importer'

/*
 * The ingredient catalogue, from the project's copy of the seed CSV. Start
 * scripts and deploy jobs run it every time, so it only adds the items that
 * are missing: a price loaded with `ingredients:import` is never reverted.
 */
export default class IngredientSeeder extends BaseSeeder {
  static dataFile = app.makePath('database/data/ingredients.csv')

  async run() {
    const csv = await readFile(IngredientSeeder.dataFile, 'utf8')
    const { created, kept } = await IngredientCatalogueImporter.addMissing(csv)
    logger.info(
      `ingredient seeder: ${created} added, ${kept} already in the catalogue (kept as is)`
    )
  }
}
