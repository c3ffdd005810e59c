import db from '@adonisjs/lucid/services/db'
import PriceAlias from '#models/price_alias'

export class UnknownIngredientError extends Error {
  constructor(public ingredient: string) {
    super(`존재하지 않는 재료: ${ingredient}`)
  }
}

/*
 * prices:alias: points a KAMIS "<item_name>/<kind_name>" at a catalogue
 * ingredient (replacing an earlier mapping), with the grams in one of the
 * row's units when that unit is not g/kg/개 (포기, 단, …).
 */
export default class PriceAliases {
  static async set(name: string, ingredientName: string, gramsPerUnit?: string) {
    return db.transaction(async (trx) => {
      const ingredient = await trx.from('ingredients').where('name', ingredientName).first()
      if (!ingredient) {
        throw new UnknownIngredientError(ingredientName)
      }
      return PriceAlias.updateOrCreate(
        { name },
        { ingredientId: Number(ingredient.id), gramsPerUnit: gramsPerUnit ?? null },
        { client: trx }
      )
    })
  }
}
