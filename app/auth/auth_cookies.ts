import type { HttpContext } from '@adonisjs/core/http'
import type { TokenPair } from '#auth/token_service'
import { cookieSecure } from '#config/auth'

/*
 * The four cookies of the contract's cookie mode, set and cleared in this one
 * place. They are plain cookies (neither signed nor encrypted): the tokens are
 * JWTs already, and the SPA must be able to read the two csrf cookies.
 */
export const ACCESS_COOKIE = 'access_token_cookie'
export const REFRESH_COOKIE = 'refresh_token_cookie'
export const CSRF_ACCESS_COOKIE = 'csrf_access_token'
export const CSRF_REFRESH_COOKIE = 'csrf_refresh_token'

export interface AuthCookieOptions {
  secure: boolean
}

export class AuthCookies {
  constructor(private options: AuthCookieOptions) {}

  set(response: HttpContext['response'], pair: TokenPair) {
    const accessAge = pair.access.claims.exp - pair.access.claims.iat
    const refreshAge = pair.refresh.claims.exp - pair.refresh.claims.iat
    this.#write(response, ACCESS_COOKIE, pair.access.token, accessAge, true)
    this.#write(response, CSRF_ACCESS_COOKIE, pair.access.claims.csrf, accessAge, false)
    this.#write(response, REFRESH_COOKIE, pair.refresh.token, refreshAge, true)
    this.#write(response, CSRF_REFRESH_COOKIE, pair.refresh.claims.csrf, refreshAge, false)
  }

  clear(response: HttpContext['response']) {
    for (const name of [ACCESS_COOKIE, CSRF_ACCESS_COOKIE, REFRESH_COOKIE, CSRF_REFRESH_COOKIE]) {
      response.clearCookie(name, {
        httpOnly: !name.startsWith('csrf_'),
        sameSite: 'lax',
        path: '/',
        secure: this.options.secure,
      })
    }
  }

  static read(request: HttpContext['request'], name: string): string | undefined {
    const value = request.plainCookie(name, { encoded: false })
    return typeof value === 'string' && value.length > 0 ? value : undefined
  }

  #write(
    response: HttpContext['response'],
    name: string,
    value: string,
    maxAge: number,
    httpOnly: boolean
  ) {
    response.plainCookie(name, value, {
      encode: false,
      httpOnly,
      sameSite: 'lax',
      path: '/',
      secure: this.options.secure,
      maxAge,
    })
  }
}

/* The app's one instance, with the Secure flag from COOKIE_SECURE (config/auth.ts). */
export const authCookies = new AuthCookies({ secure: cookieSecure })
