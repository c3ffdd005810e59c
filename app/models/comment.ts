import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { BaseModel, belongsTo, column, manyToMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, ManyToMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import Post from '#models/post'

export default class Comment extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare postId: number

  @column()
  declare memberId: number

  @column()
  declare content: string

  /* Kept by database triggers. */
  @column()
  declare likeCount: number

  @timestamp({ autoCreate: true })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Post)
  declare post: BelongsTo<typeof Post>

  @belongsTo(() => Member)
  declare author: BelongsTo<typeof Member>

  @manyToMany(() => Member, {
    pivotTable: 'comment_likes',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare likers: ManyToMany<typeof Member>
}
