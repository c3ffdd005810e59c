import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/auth'
import type { Authenticators } from '@adonisjs/auth/types'

/*
 * Denies the request (401) unless one of the guards (default: jwt)
 * authenticates it. CSRF (403) and token-store failures (503) pass through.
 */
export default class AuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[] } = {}
  ) {
    /* checkUsing, not authenticateUsing: that one makes the member's model, which most routes never use. */
    if (!(await ctx.auth.checkUsing(options.guards))) {
      throw new errors.E_UNAUTHORIZED_ACCESS('Unauthorized access', {
        guardDriverName: ctx.auth.use(options.guards?.at(-1)).driverName,
      })
    }
    return next()
  }
}
