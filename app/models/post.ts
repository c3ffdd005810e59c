import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { BaseModel, belongsTo, column, hasMany, hasOne, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, HasOne, ManyToMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import Comment from '#models/comment'
import PostIngredient from '#models/post_ingredient'
import PostPrice from '#models/post_price'

export default class Post extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare title: string

  @column()
  declare content: string

  @column()
  declare servings: number

  /* Kept by database triggers. */
  @column()
  declare likeCount: number

  @column()
  declare commentCount: number

  @timestamp({ autoCreate: true })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare author: BelongsTo<typeof Member>

  @hasMany(() => Comment)
  declare comments: HasMany<typeof Comment>

  @hasMany(() => PostIngredient)
  declare lines: HasMany<typeof PostIngredient>

  /* Its stored cost (post_prices), kept by RecipeWriter and RecipeRepricer. */
  @hasOne(() => PostPrice)
  declare storedPrice: HasOne<typeof PostPrice>

  @manyToMany(() => Member, {
    pivotTable: 'post_likes',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare likers: ManyToMany<typeof Member>
}
