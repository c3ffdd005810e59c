import logger from '@adonisjs/core/services/logger'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import DemoDataGenerator from '#database/demo/demo_data_generator'
import IngredientSeeder from '#database/seeders/ingredient_seeder'

/*
 * A small demo data set for a developer's first run (scripts/start.sh runs
 * every seeder): five members, a dozen recipes with likes and comments. Only
 * in development, and only while there are no recipes at all, so it never
 * mixes with real data and running it twice changes nothing.
 */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development']

  async run() {
    const recipe = await this.client.from('posts').select('id').first()
    if (recipe) {
      logger.info('demo seeder: recipes exist, nothing to do')
      return
    }
    await this.#ensureCatalogue()
    const summary = await new DemoDataGenerator(this.client).generate({
      members: 5,
      recipes: 12,
      likes: 30,
      comments: 20,
    })
    logger.info(
      { ...summary, password: undefined },
      `demo seeder: loaded; sign in as ${summary.firstUsername} / ${summary.password}`
    )
  }

  /*
   * Seeders run in file-name order, so this one runs before the catalogue
   * seeder: load the catalogue first when it is empty (that seeder only adds
   * missing items, so running it again afterwards changes nothing).
   */
  async #ensureCatalogue() {
    const ingredient = await this.client.from('ingredients').select('id').first()
    if (ingredient) {
      return
    }
    await new IngredientSeeder(this.client).run()
  }
}
