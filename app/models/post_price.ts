import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { dateOnly } from '#models/date_only'
import Post from '#models/post'

/*
 * A recipe's stored cost at current prices: one row per post, added by a
 * database trigger when the post is inserted and removed with it (ON DELETE
 * CASCADE). Written only by RecipeWriter and RecipeRepricer (the cost rule is
 * RecipeCostCalculator's); a table of its own so repricing every recipe does
 * not rewrite the posts' wide rows and indexes.
 */
export default class PostPrice extends BaseModel {
  static table = 'post_prices'

  @column({ isPrimary: true })
  declare postId: number

  @column()
  declare price: number

  @column()
  declare pricePerServing: number

  /* The newest price date among the recipe's lines' ingredients (null without lines). */
  @dateOnly()
  declare priceDate: string | null

  @belongsTo(() => Post)
  declare post: BelongsTo<typeof Post>
}
