import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { errors as vineErrors } from '@vinejs/vine'
import PriceImporter from '#services/prices/price_importer'
import { RecipePriceOverflowError } from '#services/recipes/recipe_repricer'
import {
  type PriceFormat,
  type PriceImportReport,
  PriceImportError,
} from '#services/prices/price_import_types'
import { priceImportOptionsValidator } from '#validators/ingredient_prices'
import WriteGeneration from '#services/write_generation'

/* Recipes listed one by one in a dry run; the rest are counted. */
const RECIPES_SHOWN = 200

export default class PricesImport extends BaseCommand {
  static commandName = 'prices:import'
  static description =
    'Import dated price observations (CSV or a KAMIS dailyPriceByCategoryList answer) and reprice recipes'

  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Path to the CSV or KAMIS JSON file' })
  declare file: string

  @flags.string({ description: 'csv or kamis (default: kamis for .json files, else csv)' })
  declare format?: string

  @flags.string({ description: 'Source of rows that name none (default: import, or KAMIS)' })
  declare source?: string

  @flags.string({ description: 'observed_on of rows that name none, YYYY-MM-DD' })
  declare date?: string

  @flags.boolean({ description: 'Print what would change and write nothing' })
  declare dryRun?: boolean

  async run() {
    let options: { format?: PriceFormat; source?: string; date?: string }
    try {
      options = await priceImportOptionsValidator.validate({
        format: this.format,
        source: this.source,
        date: this.date,
      })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) {
        throw error
      }
      for (const { message } of error.messages as { message: string }[]) {
        this.logger.error(message)
      }
      this.exitCode = 1
      return
    }

    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      this.logger.error(`cannot read ${this.file}: ${(error as Error).message}`)
      this.exitCode = 1
      return
    }

    const format = options.format ?? (extname(this.file) === '.json' ? 'kamis' : 'csv')
    try {
      const report = await PriceImporter.import(text, { ...options, format, dryRun: this.dryRun })
      if (!report.dryRun) {
        await WriteGeneration.advance()
      }
      this.#print(report)
    } catch (error) {
      if (!(error instanceof PriceImportError) && !(error instanceof RecipePriceOverflowError)) {
        throw error
      }
      this.logger.error(`${this.file} was not imported (nothing changed):`)
      const problems =
        error instanceof PriceImportError
          ? error.problems
          : [{ ref: 'file', message: error.message }]
      for (const { ref, message } of problems) {
        this.logger.error(`  ${ref}: ${message}`)
      }
      this.exitCode = 1
    }
  }

  #print(report: PriceImportReport) {
    const log = (line: string) => this.logger.log(line)
    const verb = report.dryRun ? 'would be' : 'were'
    for (const { ref, label, reason } of report.skipped) {
      log(`skipped ${ref} ${label}: ${reason}`)
    }
    for (const alias of report.aliasesCreated) {
      log(`alias ${alias} ${verb} created (same name as an ingredient)`)
    }
    for (const { ingredient, before, after } of report.current) {
      log(
        `current price of ${ingredient}: ${before.price} KRW / ${before.unit} (${before.price_date}, ${before.source})` +
          ` → ${after.price} KRW / ${after.unit} (${after.price_date}, ${after.source})`
      )
    }
    for (const recipe of report.recipes.slice(0, RECIPES_SHOWN)) {
      log(
        `recipe ${recipe.id} ${recipe.title}: ${recipe.before.price} → ${recipe.after.price} KRW` +
          ` (per serving ${recipe.before.price_per_serving} → ${recipe.after.price_per_serving})`
      )
    }
    if (report.recipes.length > RECIPES_SHOWN) {
      log(`… and ${report.recipes.length - RECIPES_SHOWN} more recipe(s)`)
    }
    const summary =
      `${report.observations} observation(s): ${report.inserted} new, ${report.replaced} replaced, ` +
      `${report.unchanged} unchanged, ${report.skipped.length} row(s) skipped; ` +
      `${report.current.length} current price(s) changed; ${report.repricedRecipes} recipe(s) ${report.dryRun ? 'would be ' : ''}repriced` +
      ` (repricing ${report.repricingMs} ms)`
    if (report.dryRun) {
      this.logger.info(`dry run, nothing written: ${summary}`)
    } else {
      this.logger.success(`imported ${this.file}: ${summary}`)
    }
  }
}
