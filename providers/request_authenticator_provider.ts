import type { ApplicationService } from '@adonisjs/core/types'
import { HttpContext } from '@adonisjs/core/http'
/* Declares `ctx.auth` on HttpContext; this provider takes the middleware's place. */
import type {} from '@adonisjs/auth/initialize_auth_middleware'

/*
 * `ctx.auth`, the request's authenticator, made on first use instead of by
 * @adonisjs/auth's initialize_auth_middleware on every request. The
 * middleware did the same (`authManager.createAuthenticator(ctx)`), but as a
 * router middleware it was resolved through the container and awaited on
 * every request, including the public reads that never authenticate (the
 * measured cost is in bench/README.md).
 *
 * Not `HttpContext.getter('auth', fn, true)`: its getter has no setter and
 * caches the value as read-only, so `ctx.auth = …` (as the auth middleware and
 * tests assign it) would throw a TypeError.
 */
export default class RequestAuthenticatorProvider {
  constructor(protected app: ApplicationService) {}

  async start() {
    const authManager = await this.app.container.make('auth.manager')
    /* Kept on the context once made or assigned (as the middleware assigned it). */
    const keep = (ctx: HttpContext, value: HttpContext['auth']) => {
      Object.defineProperty(ctx, 'auth', { value, writable: true, enumerable: true })
      return value
    }
    Object.defineProperty(HttpContext.prototype, 'auth', {
      configurable: true,
      get(this: HttpContext) {
        return keep(this, authManager.createAuthenticator(this))
      },
      set(this: HttpContext, value: HttpContext['auth']) {
        keep(this, value)
      },
    })
  }
}
