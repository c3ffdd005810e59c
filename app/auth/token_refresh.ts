import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { AuthSessions, RefreshFailedError } from '#auth/auth_sessions'
import { REFRESH_COOKIE } from '#auth/auth_cookies'
import { CSRF_FAILED_MESSAGE, REFRESH_FAILED_MESSAGE } from '#contract/messages'
import { csrfHeaderMatches, presentedToken } from '#auth/presented_token'
import { InvalidTokenError, TokenService } from '#auth/token_service'

/*
 * The refresh endpoint's rules: the refresh token comes from the Bearer
 * header, else the body's `refresh_token`, else the refresh cookie; in cookie
 * mode X-CSRF-Token must equal the token's csrf claim (the
 * `csrf_refresh_token`), on GET too, since the request rotates the pair.
 */
@inject()
export class TokenRefresh {
  constructor(
    protected sessions: AuthSessions,
    protected tokens: TokenService
  ) {}

  async fromRequest(request: HttpContext['request']) {
    const presented = presentedToken(request, REFRESH_COOKIE, 'refresh_token')
    if (!presented?.token) {
      throw ApiException.unauthorized(REFRESH_FAILED_MESSAGE)
    }
    const { token } = presented

    if (presented.transport === 'cookie') {
      let csrf: string
      try {
        ;({ csrf } = await this.tokens.verify(token, 'refresh'))
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          throw ApiException.unauthorized(REFRESH_FAILED_MESSAGE)
        }
        throw error
      }
      if (!csrfHeaderMatches(request, csrf)) {
        throw ApiException.forbidden(CSRF_FAILED_MESSAGE)
      }
    }

    try {
      return await this.sessions.refresh(token)
    } catch (error) {
      if (error instanceof RefreshFailedError) {
        throw ApiException.unauthorized(REFRESH_FAILED_MESSAGE)
      }
      throw error
    }
  }
}
