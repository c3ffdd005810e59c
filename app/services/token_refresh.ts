import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { AuthSessions, RefreshFailedError } from '#auth/auth_sessions'
import { AuthCookies, REFRESH_COOKIE } from '#auth/auth_cookies'
import { CSRF_FAILED_MESSAGE, REFRESH_FAILED_MESSAGE } from '#contract/messages'
import { InvalidTokenError, TokenService, safeEqual } from '#auth/token_service'

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
    const { token, fromCookie } = this.#readToken(request)
    if (!token) {
      throw ApiException.unauthorized(REFRESH_FAILED_MESSAGE)
    }

    if (fromCookie) {
      let csrf: string
      try {
        ;({ csrf } = await this.tokens.verify(token, 'refresh'))
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          throw ApiException.unauthorized(REFRESH_FAILED_MESSAGE)
        }
        throw error
      }
      if (!safeEqual(request.header('x-csrf-token'), csrf)) {
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

  #readToken(request: HttpContext['request']): { token?: string; fromCookie: boolean } {
    const header = request.header('authorization')
    if (header) {
      const [scheme, token] = header.split(' ')
      return { token: scheme?.toLowerCase() === 'bearer' ? token : undefined, fromCookie: false }
    }
    /* A JSON body may be any value (`null`, a list): only an object carries a token. */
    const body: unknown = request.body()
    const fromBody = body && typeof body === 'object' ? Reflect.get(body, 'refresh_token') : null
    if (typeof fromBody === 'string' && fromBody) {
      return { token: fromBody, fromCookie: false }
    }
    return { token: AuthCookies.read(request, REFRESH_COOKIE), fromCookie: true }
  }
}
