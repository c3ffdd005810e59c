import type { HttpContext } from '@adonisjs/core/http'
import { AuthCookies } from '#auth/auth_cookies'
import { safeEqual } from '#auth/token_service'

/* How a token arrived; only the cookie is sent by the browser on its own, so only it needs CSRF. */
export type TokenTransport = 'bearer' | 'body' | 'cookie'

export interface PresentedToken {
  token: string
  transport: TokenTransport
}

/*
 * The one reading of a request's token (contract §2): the Authorization
 * header wins (a scheme other than Bearer, or no token after it, is an empty
 * token: 401, never a fall-back to the cookie), then the body field when the
 * endpoint takes one (the refresh endpoint's `refresh_token`), then the cookie.
 * Null when none was presented.
 */
export function presentedToken(
  request: HttpContext['request'],
  cookie: string,
  bodyField?: string
): PresentedToken | null {
  const header = request.header('authorization')
  if (header) {
    const [scheme, token] = header.split(' ')
    return { token: scheme?.toLowerCase() === 'bearer' && token ? token : '', transport: 'bearer' }
  }
  if (bodyField) {
    const body: unknown = request.body()
    const value =
      body && typeof body === 'object' ? (body as Record<string, unknown>)[bodyField] : null
    if (typeof value === 'string' && value) {
      return { token: value, transport: 'body' }
    }
  }
  const fromCookie = AuthCookies.read(request, cookie)
  return fromCookie ? { token: fromCookie, transport: 'cookie' } : null
}

/* Cookie mode's CSRF rule: X-CSRF-Token must equal the token's `csrf` claim. */
export function csrfHeaderMatches(request: HttpContext['request'], csrf: string) {
  return safeEqual(request.header('x-csrf-token'), csrf)
}
