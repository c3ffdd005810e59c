import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'

/*
 * For routes where a token is optional (e.g. GET /posts/{id} answers `liked`
 * for a logged-in caller): with a valid token `ctx.auth.use('jwt').user` is
 * set; with no token, or an invalid, expired or revoked one, the request goes
 * on anonymously. A token store that is down still answers 503, so a
 * presented token is never silently ignored because it could not be checked.
 */
export default class OptionalAuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[] } = {}
  ) {
    await ctx.auth.checkUsing(options.guards)
    return next()
  }
}
