import { DateTime } from 'luxon'
import { LRUCache } from 'lru-cache'
import { timestamp } from '#models/columns'
import db from '@adonisjs/lucid/services/db'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import { afterCreate, BaseModel, column, hasMany, manyToMany } from '@adonisjs/lucid/orm'
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

  /**
   * The one place that defines how usernames compare: the canonical form,
   * NFKC then case folding, so full-width `ｆｗ` and `fw`, `ß` and `ss`,
   * `Σ` and `σ` are one username. JavaScript has no case-fold function:
   * upper- then lower-casing gives Unicode's full (non-Turkic) folding for
   * these, and a final NFKC keeps the result in normal form. A rule
   * change needs a migration that recomputes username_key (see
   * database/migrations/1764600000000_recompute_username_keys.ts).
   */
  static usernameKeyOf(username: string) {
    return username.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC')
  }

  /**
   * The row of the member with this id, or null. Every authenticated request
   * loads its member (after the token store has found the session live): the
   * statement is compiled once (CompiledQuery), the row kept for a minute per
   * process (a round trip less per authenticated request on PostgreSQL). The
   * guard makes a model of it (fromRequestRow) only when a route asks for
   * one; most need only the id.
   *
   * Kept rows do not go stale: the API changes a member's row only when a
   * login rehashes the password (LoginService forgets the kept row; no
   * authenticated route reads the hash), and a deleted member fails earlier,
   * at the token store (deletion ends every session of the member first; see
   * MemberAccount.delete), on every replica. Ids are never reused
   * (AUTOINCREMENT, sequences). Code that changes a member's row must forget
   * it here; a new row forgets what was kept under its id (afterCreate: an id
   * comes back only when the transaction that took it rolled back).
   */
  static async rowForRequest(id: number | string): Promise<Record<string, unknown> | null> {
    const memberId = Number(id)
    let row = requestMembers.get(memberId)
    if (!row) {
      ;[row] = await CompiledQuery.of('members.by_id', () =>
        db.from(this.table).where('id', param('id')).select('*').limit(1)
      ).run<Record<string, unknown>>({ id: memberId })
      if (!row) {
        return null
      }
      requestMembers.set(memberId, row)
    }
    return row
  }

  /** The model of a row from rowForRequest, as Member.find would make it, at about half its cost. */
  static fromRequestRow(row: Record<string, unknown>): Member {
    return this.$createFromAdapterResult(row)!
  }

  @afterCreate()
  static forgetKeptRowOf(member: Member) {
    requestMembers.delete(member.id)
  }

  /** Forgets the kept row of a member (deleted), or every kept row (tests empty the tables). */
  static forgetForRequest(id?: number) {
    if (id === undefined) {
      requestMembers.clear()
    } else {
      requestMembers.delete(id)
    }
  }
}

/* Rows of members of recent authenticated requests (see Member.rowForRequest): a minute each, 10,000 at most. */
const requestMembers = new LRUCache<number, Record<string, unknown>>({ max: 10_000, ttl: 60_000 })
