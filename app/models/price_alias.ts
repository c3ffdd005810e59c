import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { timestamp } from '#models/columns'
import Ingredient from '#models/ingredient'

/*
 * A market name ("<item_name>/<kind_name>" of a KAMIS row) for an ingredient;
 * `gramsPerUnit` weighs the row's own unit (포기, 단, …) when it is not g/kg/개.
 */
export default class PriceAlias extends BaseModel {
  static table = 'price_aliases'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare ingredientId: number

  /* Decimal text as the database returns it (a number on SQLite). */
  @column({ consume: (value: string | number | null) => (value === null ? null : String(value)) })
  declare gramsPerUnit: string | null

  @timestamp({ autoCreate: true, serializeAs: null })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true, serializeAs: null })
  declare updatedAt: DateTime

  @belongsTo(() => Ingredient)
  declare ingredient: BelongsTo<typeof Ingredient>
}
