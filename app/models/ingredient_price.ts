import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { timestamp } from '#models/columns'
import { dateOnly } from '#models/date_only'
import Ingredient, { type Measure } from '#models/ingredient'

/* One price observation: `price` KRW bought `unit` of `measure` on `observedOn`, per `source`. */
export default class IngredientPrice extends BaseModel {
  static table = 'ingredient_prices'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ingredientId: number

  @column()
  declare price: number

  @column()
  declare unit: number

  @column()
  declare measure: Measure

  @dateOnly()
  declare observedOn: string

  @column()
  declare source: string

  @timestamp({ autoCreate: true, serializeAs: null })
  declare createdAt: DateTime

  @belongsTo(() => Ingredient)
  declare ingredient: BelongsTo<typeof Ingredient>
}
