import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const MEASURES = ['g', 'ml', '개'] as const
export type Measure = (typeof MEASURES)[number]

/* A catalogue item: `price` KRW buys `unit` of `measure`. */
export default class Ingredient extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare measure: Measure

  @column()
  declare price: number

  @column()
  declare unit: number

  @timestamp({ autoCreate: true, serializeAs: null })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true, serializeAs: null })
  declare updatedAt: DateTime
}
