/*
 * Where login sessions live: one record per `sid` holding the current access
 * and refresh token ids. An access token is valid only while its session
 * exists and its `jti` is the session's current access `jti`; so revoking or
 * rotating a session makes older tokens fail at once.
 *
 * Two implementations with the same behaviour (and the same test suite): Redis
 * (stores/redis_token_store.ts) and a database table
 * (stores/database_token_store.ts). providers/token_store_provider.ts binds
 * the configured one to this class in the container.
 */
export interface AuthSessionRecord {
  sid: string
  memberId: number
  accessJti: string
  refreshJti: string
  /* When the refresh token, and so the session, expires. */
  expiresAt: Date
}

/* The pair a rotation installed: its token ids and when it was made (its `iat`). */
export interface Successor {
  accessJti: string
  refreshJti: string
  rotatedAt: Date
}

/*
 * Result of a rotation:
 * - `rotated`: the presented refresh jti was current and has been replaced by `next`;
 * - `replayed`: the jti is the direct predecessor of the current pair and was
 *   rotated away less than the leeway ago: nothing changes, `successor` is the
 *   pair that rotation installed (contract §2, refresh reuse leeway);
 * - `reused`: the session exists but the jti was rotated away otherwise: the
 *   session has been revoked;
 * - `missing`: no such session.
 */
export type RotationResult =
  | { status: 'rotated' }
  | { status: 'replayed'; successor: Successor }
  | { status: 'reused' }
  | { status: 'missing' }

/* The store could not be reached (Redis down): the request must answer 503. */
export class TokenStoreUnavailableError extends Error {
  code = 'E_TOKEN_STORE_UNAVAILABLE'
  status = 503
}

export abstract class TokenStore {
  abstract readonly name: 'redis' | 'database'

  abstract create(session: AuthSessionRecord): Promise<void>

  abstract get(sid: string): Promise<AuthSessionRecord | null>

  /* The member id of the session when `jti` is its current access jti, else null. */
  abstract validateAccess(sid: string, accessJti: string): Promise<number | null>

  /*
   * Atomically replaces the pair when `oldRefreshJti` is current, remembering
   * it as the predecessor. Exactly one of any number of concurrent calls with
   * the same jti gets `rotated`; the others get `replayed` with that call's
   * successor while within `leewayMs` of it (0: no leeway), else `reused`.
   */
  abstract rotate(
    sid: string,
    oldRefreshJti: string,
    next: Successor & { expiresAt: Date },
    leewayMs: number
  ): Promise<RotationResult>

  abstract revoke(sid: string): Promise<void>

  abstract revokeAllForMember(memberId: number): Promise<void>
}
