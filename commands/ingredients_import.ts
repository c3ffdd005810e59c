import { readFile } from 'node:fs/promises'
import { args, BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import IngredientCatalogueImporter, {
  CatalogueImportError,
} from '#services/ingredient_catalogue_importer'
import { RecipePriceOverflowError } from '#services/recipes/recipe_repricer'
import WriteGeneration from '#services/write_generation'

export default class IngredientsImport extends BaseCommand {
  static commandName = 'ingredients:import'
  static description =
    'Upsert the ingredient catalogue from a CSV file ([id,]name,measure,price,unit) and reprice affected recipes'

  static help = [
    'Columns (first line, any order): name, measure (g, ml or 개),',
    'price (KRW for `unit` of `measure`) and unit. An optional id',
    'column is allowed and ignored: rows are matched by name, so',
    'database/data/ingredients.csv imports as it is. One bad row, or',
    'a file without rows, changes nothing and exits with code 1.',
  ]

  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Path to the CSV file' })
  declare file: string

  async run() {
    let csv: string
    try {
      csv = await readFile(this.file, 'utf8')
    } catch (error) {
      this.logger.error(`cannot read ${this.file}: ${(error as Error).message}`)
      this.exitCode = 1
      return
    }

    try {
      const summary = await IngredientCatalogueImporter.import(csv)
      await WriteGeneration.advance()
      this.logger.success(
        `imported ${this.file}: ${summary.created} created, ${summary.updated} updated, ` +
          `${summary.unchanged} unchanged; ${summary.repricedRecipes} recipe(s) repriced`
      )
    } catch (error) {
      if (
        !(error instanceof CatalogueImportError) &&
        !(error instanceof RecipePriceOverflowError)
      ) {
        throw error
      }
      this.logger.error(`${this.file} was not imported (nothing changed):`)
      const problems =
        error instanceof CatalogueImportError
          ? error.problems.map(({ line, message }) => `line ${line}: ${message}`)
          : [error.message]
      for (const problem of problems) {
        this.logger.error(`  ${problem}`)
      }
      this.exitCode = 1
    }
  }
}
