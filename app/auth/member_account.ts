import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import Member from '#models/member'
import { affectedRows } from '#services/sql'
import { AuthSessions } from '#auth/auth_sessions'

import { MEMBER_NOT_FOUND_MESSAGE } from '#contract/messages'
import { parseId } from '#contract/limits'

/* The member's own account: the profile with counts, and deletion. */
@inject()
export class MemberAccount {
  constructor(protected sessions: AuthSessions) {}

  async profile(member: Member) {
    const [posts, comments] = await Promise.all([
      db.from('posts').where('member_id', member.id).count('* as total').first(),
      db.from('comments').where('member_id', member.id).count('* as total').first(),
    ])
    return {
      id: member.id,
      username: member.username,
      email: member.email,
      create_date: member.createdAt.toUTC().toISO(),
      post_count: Number(posts?.total ?? 0),
      comment_count: Number(comments?.total ?? 0),
    }
  }

  /** The member named by the path's id, or 404 "존재하지 않는 회원". */
  async find(rawId: string) {
    const id = parseId(rawId)
    const target = id === null ? null : await Member.find(id)
    if (!target) {
      throw ApiException.notFound(MEMBER_NOT_FOUND_MESSAGE)
    }
    return target
  }

  /*
   * Deletes an account MemberPolicy let the caller delete (only their own).
   * Sessions are revoked first (in Redis they are not covered by the foreign
   * keys), then the row goes and the database cascades posts, comments, likes
   * and auth_sessions.
   */
  async delete(target: Member) {
    await this.sessions.endAll(target.id)
    /*
     * Conditional on the row still being there: of concurrent deletions of one
     * member only the one whose DELETE removed the row is told 200, the others 404.
     */
    const deleted = await db.from('members').where('id', target.id).delete()
    Member.forgetForRequest(target.id)
    if (affectedRows(deleted) === 0) {
      throw ApiException.notFound(MEMBER_NOT_FOUND_MESSAGE)
    }
    return target.id
  }
}
