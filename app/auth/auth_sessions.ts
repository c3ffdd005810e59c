import { inject } from '@adonisjs/core'
import { InvalidTokenError, TokenService, type TokenPair } from '#auth/token_service'
import { TokenStore } from '#auth/token_store'

export type SessionSubject = { id: number; username: string }

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
   * does it atomically), so a stolen refresh token is useful at most once.
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

    const pair = await this.tokens.issuePair({
      memberId: Number(claims.sub),
      username: claims.username,
      sid: claims.sid,
    })
    const result = await this.store.rotate(claims.sid, claims.jti, {
      accessJti: pair.access.claims.jti,
      refreshJti: pair.refresh.claims.jti,
      expiresAt: new Date(pair.refresh.claims.exp * 1000),
    })
    if (result !== 'rotated') {
      throw new RefreshFailedError(`refresh ${result}`)
    }
    return pair
  }

  async end(sid: string) {
    await this.store.revoke(sid)
  }

  async endAll(memberId: number) {
    await this.store.revokeAllForMember(memberId)
  }
}
