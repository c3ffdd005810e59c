import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { errors as vineErrors } from '@vinejs/vine'
import PriceAliases, { UnknownIngredientError } from '#services/price_aliases'
import { priceAliasValidator } from '#validators/ingredient_prices'
import WriteGeneration from '#services/write_generation'

export default class PricesAlias extends BaseCommand {
  static commandName = 'prices:alias'
  static description =
    'Map a KAMIS "<item_name>/<kind_name>" to a catalogue ingredient for prices:import'

  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'KAMIS item and kind, e.g. "배추/월동"' })
  declare name: string

  @args.string({ description: 'Name of the catalogue ingredient' })
  declare ingredient: string

  @flags.string({
    description: 'Grams in one of the row units when it is not g/kg/개 (e.g. 1포기 = 2500)',
  })
  declare gramsPerUnit?: string

  async run() {
    try {
      const input = await priceAliasValidator.validate({
        name: this.name,
        ingredient: this.ingredient,
        gramsPerUnit: this.gramsPerUnit,
      })
      const alias = await PriceAliases.set(input.name, input.ingredient, input.gramsPerUnit)
      await WriteGeneration.advance()
      this.logger.success(
        `${alias.name} → ${input.ingredient}` +
          (alias.gramsPerUnit === null ? '' : ` (${input.gramsPerUnit} g per unit)`)
      )
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        for (const { message } of error.messages as { message: string }[]) {
          this.logger.error(message)
        }
      } else if (error instanceof UnknownIngredientError) {
        this.logger.error(error.message)
      } else {
        throw error
      }
      this.exitCode = 1
    }
  }
}
