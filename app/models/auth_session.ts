import { DateTime } from 'luxon'
import { timestamp } from '#models/columns'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'

/* A login session of the database token store (`sid` is the primary key). */
export default class AuthSession extends BaseModel {
  static table = 'auth_sessions'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare memberId: number

  @column()
  declare accessJti: string

  @column()
  declare refreshJti: string

  @timestamp()
  declare expiresAt: DateTime

  @timestamp({ autoCreate: true })
  declare createdAt: DateTime

  @timestamp({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>
}
