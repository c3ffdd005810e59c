import type { ApplicationService } from '@adonisjs/core/types'
import { TokenService } from '#auth/token_service'
import { TokenStore } from '#auth/token_store'

/*
 * Binds the JWT service and the configured token store (TOKEN_STORE, or Redis
 * when REDIS_HOST is set, else the database) as container singletons. Boot
 * builds the token service eagerly, so a production app with missing or short
 * signing material refuses to start.
 */
export default class TokenStoreProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(TokenService, async () => {
      const { default: env } = await import('#start/env')
      return TokenService.fromEnvironment({
        nodeEnv: env.get('NODE_ENV'),
        appKey: env.get('APP_KEY').release(),
        jwtSecret: env.get('JWT_SECRET')?.release(),
        issuer: env.get('JWT_ISSUER'),
        audience: env.get('JWT_AUDIENCE'),
        accessTtl: env.get('JWT_ACCESS_TTL'),
        refreshTtl: env.get('JWT_REFRESH_TTL'),
      })
    })

    this.app.container.singleton(TokenStore, async () => {
      const { tokenStoreName } = await import('#config/auth')
      if (tokenStoreName === 'redis') {
        const { default: redis } = await import('@adonisjs/redis/services/main')
        const { RedisTokenStore } = await import('#auth/stores/redis_token_store')
        return new RedisTokenStore(() => redis.connection('main').ioConnection)
      }
      const { DatabaseTokenStore } = await import('#auth/stores/database_token_store')
      return new DatabaseTokenStore()
    })
  }

  async boot() {
    await this.app.container.make(TokenService)
  }

  /*
   * The HTTP server computes the login's dummy hash up front, so even the
   * first unknown-username login costs the same as a wrong password.
   */
  async ready() {
    if (this.app.getEnvironment() === 'web') {
      const { timingDummy } = await import('#auth/login_service')
      await timingDummy()
    }
  }
}
