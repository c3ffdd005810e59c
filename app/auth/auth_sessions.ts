import { inject } from '@adonisjs/core'
import env from '#start/env'
import { InvalidTokenError, TokenService, type TokenPair } from '#auth/token_service'
import { TokenStore } from '#auth/token_store'

export type SessionSubject = { id: number; username: string }

/*
 * Contract §2, refresh reuse leeway: a refresh token presented again within
 * this many seconds of its own rotation answers the pair that rotation made
 * (two tabs refreshing at once). Read on every refresh, so a test can lower it.
 */
export const refreshReuse = {
  leewaySeconds: env.get('JWT_REFRESH_REUSE_LEEWAY', 10),
}

/* A refresh that must fail with 401 "refresh failed". */
export class RefreshFailedError extends Error {}

/*
 * Login sessions: issuing a pair for a new session, rotating it on refresh
 * (with reuse detection), and revoking one or all of a member's sessions.
 * Login, the refresh endpoint, logout, member deletion and the tests'
 * `loginAs` all go through here.
 */
@inject()
export class AuthSessions {
  constructor(
    protected tokens: TokenService,
    protected store: TokenStore
  ) {}

  async start(member: SessionSubject): Promise<TokenPair> {
    const sid = TokenService.newId()
    const pair = await this.tokens.issuePair({
      memberId: member.id,
      username: member.username,
      sid,
    })
    await this.store.create({
      sid,
      memberId: member.id,
      accessJti: pair.access.claims.jti,
      refreshJti: pair.refresh.claims.jti,
      expiresAt: new Date(pair.refresh.claims.exp * 1000),
    })
    return pair
  }

  /*
   * Checks the refresh token against its session and rotates the pair. A
   * token that was already rotated away revokes the whole session (the store
   * does it atomically), so a stolen refresh token is useful at most once;
   * except that the direct predecessor of the current pair, within the reuse
   * leeway, gets the current pair again: the store keeps only its token ids
   * and time, and the pair is signed again from them (TokenService.issuePair is
   * deterministic), so no token is ever stored.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    let claims
    try {
      claims = await this.tokens.verify(refreshToken, 'refresh')
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw new RefreshFailedError('invalid refresh token')
      }
      throw error
    }

    const subject = { memberId: Number(claims.sub), username: claims.username, sid: claims.sid }
    /* The new pair's `iat` is the second of `rotatedAt`; a replay signs with the same. */
    const rotatedAt = new Date()
    const next = {
      accessJti: TokenService.newId(),
      refreshJti: TokenService.newId(),
      rotatedAt,
      expiresAt: new Date((secondOf(rotatedAt) + this.tokens.refreshTtlSeconds) * 1000),
    }
    const result = await this.store.rotate(
      claims.sid,
      claims.jti,
      next,
      refreshReuse.leewaySeconds * 1000
    )
    switch (result.status) {
      case 'rotated':
        return this.tokens.issuePair(subject, secondOf(next.rotatedAt), next)
      case 'replayed':
        return this.tokens.issuePair(
          subject,
          secondOf(result.successor.rotatedAt),
          result.successor
        )
      default:
        throw new RefreshFailedError(`refresh ${result.status}`)
    }
  }

  async end(sid: string) {
    await this.store.revoke(sid)
  }

  async endAll(memberId: number) {
    await this.store.revokeAllForMember(memberId)
  }
}

function secondOf(date: Date) {
  return Math.floor(date.getTime() / 1000)
}
