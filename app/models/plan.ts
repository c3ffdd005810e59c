import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import PlanMeal from '#models/plan_meal'

/* A member's meal plan (contract §9), private to that member. */
export default class Plan extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare name: string

  /* KRW, or null when the plan has none. */
  @column()
  declare budget: number | null

  @timestamp({ autoCreate: true })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare owner: BelongsTo<typeof Member>

  @hasMany(() => PlanMeal)
  declare meals: HasMany<typeof PlanMeal>
}
