import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { dateOnly } from '#models/date_only'
import Plan from '#models/plan'
import Post from '#models/post'

/* One meal of a plan: a recipe cooked for `servings` on `date`. */
export default class PlanMeal extends BaseModel {
  static table = 'plan_meals'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare planId: number

  @column()
  declare postId: number

  /* `YYYY-MM-DD`. */
  @dateOnly()
  declare date: string

  @column()
  declare servings: number

  @column()
  declare position: number

  @belongsTo(() => Plan)
  declare plan: BelongsTo<typeof Plan>

  @belongsTo(() => Post)
  declare recipe: BelongsTo<typeof Post>
}
