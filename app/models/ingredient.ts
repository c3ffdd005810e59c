import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { dateOnly } from '#models/date_only'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const MEASURES = ['g', 'ml', '개'] as const
export type Measure = (typeof MEASURES)[number]

function decimalText(value: string | number | null) {
  return value === null || value === undefined ? null : String(value)
}

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

  /* Date and source of the current price: the latest observation (contract §8). */
  @dateOnly()
  declare priceDate: string | null

  @column()
  declare source: string | null

  /* Decimal text; makes 개 convertible with g (or ml) for this ingredient (see units.ts). */
  @column({ consume: decimalText })
  declare gramsPerPiece: string | null

  @column({ consume: decimalText })
  declare mlPerPiece: string | null

  @timestamp({ autoCreate: true, serializeAs: null })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true, serializeAs: null })
  declare updatedAt: DateTime
}
