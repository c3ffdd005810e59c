import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import db from '@adonisjs/lucid/services/db'
import CompiledQuery, { param } from '#services/compiled_query'
import { BaseModel, column, hasMany, manyToMany } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import Post from '#models/post'
import Comment from '#models/comment'
import AuthSession from '#models/auth_session'

export default class Member extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare username: string

  /* Case-folded username, unique in the database (see the members migration). */
  @column()
  declare usernameKey: string

  @column()
  declare email: string

  @column({ serializeAs: null })
  declare password: string

  @timestamp({ autoCreate: true })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => Post)
  declare posts: HasMany<typeof Post>

  @hasMany(() => Comment)
  declare comments: HasMany<typeof Comment>

  @hasMany(() => AuthSession)
  declare sessions: HasMany<typeof AuthSession>

  @manyToMany(() => Post, {
    pivotTable: 'post_likes',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare likedPosts: ManyToMany<typeof Post>

  @manyToMany(() => Comment, {
    pivotTable: 'comment_likes',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare likedComments: ManyToMany<typeof Comment>

  /* The one place that defines how usernames compare. */
  static usernameKeyOf(username: string) {
    return username.normalize('NFC').toLowerCase()
  }

  /**
   * The member with this id, or null. Every authenticated request loads its
   * member: the statement is compiled once (CompiledQuery) and the row
   * hydrated as Member.find would, at about half its cost.
   */
  static async findForRequest(id: number | string): Promise<Member | null> {
    const [row] = await CompiledQuery.of('members.by_id', () =>
      db.from(this.table).where('id', param('id')).select('*').limit(1)
    ).run({ id: Number(id) })
    return row ? this.$createFromAdapterResult(row) : null
  }
}
