import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import IngredientCatalogueImporter from '#services/ingredient_catalogue_importer'
import IngredientPieces from '#services/ingredient_pieces'

/*
 * The ingredient catalogue, from the project's copy of the seed CSV. Start
 * scripts and deploy jobs run it every time, so it only adds the items that
 * are missing: a price loaded with `ingredients:import` is never reverted.
 */
export default class IngredientSeeder extends BaseSeeder {
  static dataFile = app.makePath('database/data/ingredients.csv')
  /* Piece sizes (grams_per_piece / ml_per_piece), a file of their own beside the prices. */
  static piecesFile = app.makePath('database/data/ingredient_pieces.csv')

  async run() {
    const csv = await readFile(IngredientSeeder.dataFile, 'utf8')
    const { created, kept } = await IngredientCatalogueImporter.addMissing(csv)
    logger.info(
      `ingredient seeder: ${created} added, ${kept} already in the catalogue (kept as is)`
    )
    await IngredientPieces.apply(await readFile(IngredientSeeder.piecesFile, 'utf8'), this.client)
  }
}
