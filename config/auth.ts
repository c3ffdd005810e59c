import env from '#start/env'
import { defineConfig } from '@adonisjs/auth'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { ApplicationService } from '@adonisjs/core/types'
import { redisEnabled } from '#config/redis'
import type { JwtGuard } from '#auth/jwt_guard'

/*
 * Where login sessions are kept: TOKEN_STORE when set, else Redis when it is
 * configured, else the `auth_sessions` table.
 */
export const tokenStoreName: 'redis' | 'database' =
  env.get('TOKEN_STORE') ?? (redisEnabled ? 'redis' : 'database')

/* Secure flag of the four auth cookies: COOKIE_SECURE, else on in production. */
export const cookieSecure = env.get('COOKIE_SECURE') ?? env.get('NODE_ENV') === 'production'

const authConfig = defineConfig({
  default: 'jwt',
  guards: {
    /*
     * The store and the session service are resolved per request, so a test can
     * swap the container binding (e.g. to a Redis it stops and restarts).
     */
    jwt: {
      async resolver(_: string, app: ApplicationService) {
        const { JwtGuard: Guard } = await import('#auth/jwt_guard')
        const { TokenService } = await import('#auth/token_service')
        const { TokenStore } = await import('#auth/token_store')
        const { AuthSessions } = await import('#auth/auth_sessions')
        const tokens = await app.container.make(TokenService)
        return (ctx: HttpContext): JwtGuard =>
          new Guard(ctx, {
            tokens,
            store: () => app.container.make(TokenStore),
            sessions: () => app.container.make(AuthSessions),
          })
      },
    },
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
