import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuthSession from '#models/auth_session'
import CompiledQuery, { CommittedRead, param } from '#database/engine/compiled_query'
import { affectedRows } from '#services/sql'
import {
  TokenStore,
  type AuthSessionRecord,
  type RotationResult,
  type Successor,
} from '#auth/token_store'

/* No LIMIT: the primary key gives one row at most, and a bound LIMIT makes SQLite plan again per run. */
const validateAccess = () =>
  db
    .from('auth_sessions')
    .select('member_id')
    .where('id', param('sid'))
    .where('access_jti', param('accessJti'))
    .where('expires_at', '>', param('now'))

const VALIDATE_ACCESS = () => CommittedRead.of('auth_sessions.validate_access', validateAccess)
const VALIDATE_ACCESS_THROUGH_LUCID = () =>
  CompiledQuery.of('auth_sessions.validate_access', validateAccess)

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

  /*
   * Every authenticated request. A live session is found by a committed read
   * (CommittedRead: prepared once on the engine's connection), where a Lucid
   * query paid knex's runner and, on SQLite, a new prepare per request. That
   * read cannot accept a revoked token: every write to this table is a
   * statement of its own that commits before its request answers (create,
   * rotate, revoke), so what is committed is what Lucid's connection sees.
   * A miss is asked again through Lucid's connection, which also sees a
   * transaction the caller is in (the tests' global transaction logs in
   * inside one); a miss there too is a refused token. Nothing is kept
   * between requests: revocation takes effect at the next one.
   */
  async validateAccess(sid: string, accessJti: string) {
    const values = { sid, accessJti, now: new Date() }
    let [row] = await VALIDATE_ACCESS().run<{ member_id: number | string }>(values)
    if (!row) {
      ;[row] = await VALIDATE_ACCESS_THROUGH_LUCID().run<{ member_id: number | string }>(values)
    }
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
