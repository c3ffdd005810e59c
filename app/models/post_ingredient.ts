import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Post from '#models/post'
import Ingredient from '#models/ingredient'

/* One ingredient line of a recipe; primary key (post_id, ingredient_id). */
export default class PostIngredient extends BaseModel {
  static table = 'post_ingredients'

  @column({ isPrimary: true })
  declare postId: number

  @column()
  declare ingredientId: number

  /* Decimal string as the database returns it (exact on PostgreSQL). */
  @column({ consume: (value: string | number) => String(value) })
  declare quantity: string

  @column()
  declare position: number

  @belongsTo(() => Post)
  declare post: BelongsTo<typeof Post>

  @belongsTo(() => Ingredient)
  declare ingredient: BelongsTo<typeof Ingredient>
}
