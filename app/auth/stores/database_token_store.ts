import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuthSession from '#models/auth_session'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import { affectedRows } from '#services/sql'
import {
  TokenStore,
  type AuthSessionRecord,
  type RotationResult,
  type Successor,
} from '#auth/token_store'

/*
 * The embedded token store: one `auth_sessions` row per session, used when no
 * Redis is configured. Times are JS Dates (timestamptz on PostgreSQL, epoch ms
 * on SQLite, as app/models/columns.ts writes them); `rotated_at` is epoch
 * milliseconds on both. Rotation is decided by conditional statements, see rotate().
 */
export class DatabaseTokenStore extends TokenStore {
  readonly name = 'database' as const

  /* Also drops the member's expired rows (Redis keys expire by themselves). */
  async create(session: AuthSessionRecord) {
    await db
      .from('auth_sessions')
      .where('member_id', session.memberId)
      .where('expires_at', '<=', new Date())
      .delete()
    await AuthSession.create({
      id: session.sid,
      memberId: session.memberId,
      accessJti: session.accessJti,
      refreshJti: session.refreshJti,
      expiresAt: DateTime.fromJSDate(session.expiresAt),
    })
  }

  async get(sid: string): Promise<AuthSessionRecord | null> {
    const row = await AuthSession.query()
      .where('id', sid)
      .where('expires_at', '>', new Date())
      .first()
    if (!row) {
      return null
    }
    return {
      sid: row.id,
      memberId: row.memberId,
      accessJti: row.accessJti,
      refreshJti: row.refreshJti,
      expiresAt: row.expiresAt.toJSDate(),
    }
  }

  /* Every authenticated request: compiled once (CompiledQuery). */
  async validateAccess(sid: string, accessJti: string) {
    const [row] = await CompiledQuery.of('auth_sessions.validate_access', () =>
      db
        .from('auth_sessions')
        .select('member_id')
        .where('id', param('sid'))
        .where('access_jti', param('accessJti'))
        .where('expires_at', '>', param('now'))
        .limit(1)
    ).run<{ member_id: number | string }>({ sid, accessJti, now: new Date() })
    return row ? Number(row.member_id) : null
  }

  /*
   * Each step is one conditional statement, so concurrent refreshes race
   * inside the database: the UPDATE of the current jti succeeds for exactly one
   * of them (PostgreSQL makes the others wait on the row, then re-check the
   * WHERE and update nothing), and the others then find the jti as the
   * predecessor. No transaction is needed around the steps: a jti only ever
   * moves from current to predecessor to gone, so one that is neither when read
   * can never become either, and deleting its session is reuse detection.
   */
  async rotate(
    sid: string,
    oldRefreshJti: string,
    next: Successor & { expiresAt: Date },
    leewayMs: number
  ): Promise<RotationResult> {
    const now = new Date()
    const updated = await db
      .from('auth_sessions')
      .where('id', sid)
      .where('refresh_jti', oldRefreshJti)
      .where('expires_at', '>', now)
      .update({
        access_jti: next.accessJti,
        refresh_jti: next.refreshJti,
        previous_refresh_jti: oldRefreshJti,
        rotated_at: next.rotatedAt.getTime(),
        expires_at: next.expiresAt,
        updated_at: now,
      })
    if (affectedRows(updated) === 1) {
      return { status: 'rotated' }
    }

    const successor = await db
      .from('auth_sessions')
      .where('id', sid)
      .where('previous_refresh_jti', oldRefreshJti)
      .where('rotated_at', '>', now.getTime() - leewayMs)
      .where('expires_at', '>', now)
      .select('access_jti', 'refresh_jti', 'rotated_at')
      .first()
    if (successor) {
      return {
        status: 'replayed',
        successor: {
          accessJti: successor.access_jti,
          refreshJti: successor.refresh_jti,
          rotatedAt: new Date(Number(successor.rotated_at)),
        },
      }
    }

    /* Not current, nor a fresh predecessor: a rotated-away (reused) token kills the session. */
    const deleted = await db
      .from('auth_sessions')
      .where('id', sid)
      .where('expires_at', '>', now)
      .delete()
    if (affectedRows(deleted) > 0) {
      return { status: 'reused' }
    }
    /* An expired session is simply gone (its row may still be there). */
    await db.from('auth_sessions').where('id', sid).delete()
    return { status: 'missing' }
  }

  async revoke(sid: string) {
    await db.from('auth_sessions').where('id', sid).delete()
  }

  async revokeAllForMember(memberId: number) {
    await db.from('auth_sessions').where('member_id', memberId).delete()
  }
}
