import { errors, symbols } from '@adonisjs/auth'
import type { AuthClientResponse, GuardContract } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import Member from '#models/member'
import { ACCESS_COOKIE } from '#auth/auth_cookies'
import { csrfHeaderMatches, presentedToken, type TokenTransport } from '#auth/presented_token'
import { InvalidTokenError, type TokenClaims, type TokenService } from '#auth/token_service'
import type { TokenStore } from '#auth/token_store'
import type { AuthSessions } from '#auth/auth_sessions'
import { isSafeMethod } from '#services/http_methods'

import {
  CSRF_FAILED_MESSAGE,
  INVALID_TOKEN_MESSAGE,
  MISSING_TOKEN_MESSAGE,
} from '#contract/messages'

export interface JwtGuardDependencies {
  tokens: TokenService
  store: () => Promise<TokenStore>
  sessions: () => Promise<AuthSessions>
}

/*
 * The `jwt` guard of @adonisjs/auth. A request is authenticated when its
 * access token (Bearer header, else the access cookie) verifies, the token
 * is still its session's current access token in the token store, and the
 * member exists. In cookie mode every unsafe method must also send
 * X-CSRF-Token equal to the token's `csrf` claim (403 otherwise).
 */
export class JwtGuard implements GuardContract<Member> {
  declare [symbols.GUARD_KNOWN_EVENTS]: {}

  readonly driverName = 'jwt' as const

  /* The member's row once authenticated; the model is made from it on first use (see `user`). */
  #memberRow?: Record<string, unknown>
  #member?: Member
  /* Claims of the verified access token (sid for logout). */
  claims?: TokenClaims
  transport?: TokenTransport
  isAuthenticated = false
  authenticationAttempted = false
  /* Why the last attempt failed, for the 401 message. */
  failureMessage?: string

  constructor(
    protected ctx: HttpContext,
    protected deps: JwtGuardDependencies
  ) {}

  /*
   * The authenticated member's model, made on first use: routes that need
   * only the member's id ask getMemberIdOrFail() and never pay for a model.
   */
  get user(): Member | undefined {
    if (!this.#member && this.#memberRow) {
      this.#member = Member.fromRequestRow(this.#memberRow)
    }
    return this.#member
  }

  getUserOrFail(): Member {
    const member = this.user
    if (!member) {
      throw this.#unauthorized(this.failureMessage ?? MISSING_TOKEN_MESSAGE)
    }
    return member
  }

  /* The authenticated member's id (401 when none), without making its model. */
  getMemberIdOrFail(): number {
    if (!this.#memberRow) {
      throw this.#unauthorized(this.failureMessage ?? MISSING_TOKEN_MESSAGE)
    }
    return Number(this.#memberRow.id)
  }

  async authenticate(): Promise<Member> {
    await this.#authenticate()
    return this.getUserOrFail()
  }

  /* Verifies the request's token and finds its member's row; throws 401 (or CSRF 403, store 503). */
  async #authenticate(): Promise<void> {
    if (this.authenticationAttempted) {
      this.getMemberIdOrFail()
      return
    }
    this.authenticationAttempted = true

    const presented = this.#readToken()
    if (!presented) {
      throw this.#unauthorized(MISSING_TOKEN_MESSAGE)
    }

    let claims: TokenClaims
    try {
      claims = await this.deps.tokens.verify(presented.token, 'access')
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw this.#unauthorized(INVALID_TOKEN_MESSAGE)
      }
      throw error
    }

    if (
      presented.transport === 'cookie' &&
      !isSafeMethod(this.ctx.request.method()) &&
      !csrfHeaderMatches(this.ctx.request, claims.csrf)
    ) {
      throw ApiException.forbidden(CSRF_FAILED_MESSAGE)
    }

    const store = await this.deps.store()
    const memberId = await store.validateAccess(claims.sid, claims.jti)
    if (memberId === null || String(memberId) !== claims.sub) {
      throw this.#unauthorized(INVALID_TOKEN_MESSAGE)
    }

    const row = await Member.rowForRequest(memberId)
    if (!row) {
      throw this.#unauthorized(INVALID_TOKEN_MESSAGE)
    }

    this.#memberRow = row
    this.claims = claims
    this.transport = presented.transport
    this.isAuthenticated = true
  }

  /*
   * False for a missing or rejected token; other failures (CSRF 403, token
   * store down 503) propagate, since the auth middleware and the optional-auth
   * middleware both go through check().
   */
  async check(): Promise<boolean> {
    /* Anonymous requests are the common case on optional-auth routes: no exception to build. */
    if (!this.authenticationAttempted && !this.#readToken()) {
      this.authenticationAttempted = true
      this.failureMessage = MISSING_TOKEN_MESSAGE
      return false
    }
    try {
      await this.#authenticate()
      return true
    } catch (error) {
      if (error instanceof errors.E_UNAUTHORIZED_ACCESS) {
        return false
      }
      throw error
    }
  }

  /* For tests' `loginAs(member)`: a real session, sent as a Bearer token. */
  async authenticateAsClient(member: Member): Promise<AuthClientResponse> {
    const sessions = await this.deps.sessions()
    const pair = await sessions.start(member)
    return { headers: { authorization: `Bearer ${pair.access.token}` } }
  }

  #readToken() {
    return presentedToken(this.ctx.request, ACCESS_COOKIE)
  }

  #unauthorized(message: string) {
    this.failureMessage = message
    this.#memberRow = undefined
    this.#member = undefined
    this.isAuthenticated = false
    return new errors.E_UNAUTHORIZED_ACCESS(message, { guardDriverName: this.driverName })
  }
}
