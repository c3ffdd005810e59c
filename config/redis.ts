import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/*
 * Redis is optional. Connections open on first use: nothing connects unless the token
 * store, the limiter or the readiness check uses it, and those only do when
 * REDIS_HOST is set (`redisEnabled` below).
 */
export const redisEnabled = Boolean(env.get('REDIS_HOST'))

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      host: env.get('REDIS_HOST') || '127.0.0.1',
      port: env.get('REDIS_PORT', 6379),
      password: env.get('REDIS_PASSWORD')?.release() ?? '',
      db: env.get('REDIS_DB', 0),
      keyPrefix: env.get('REDIS_KEY_PREFIX', 'hankki:'),
      /*
       * Fail fast while Redis is down (requests get 503 instead of hanging),
       * and keep reconnecting in the background so the app recovers by itself.
       */
      maxRetriesPerRequest: 1,
      /*
       * Commands issued in the same tick (the token check and the rate limit of
       * concurrent requests) leave in one write instead of one system call each.
       */
      enableAutoPipelining: true,
      /* Time limits (contract §7): a Redis that stops answering is 503 within these. */
      commandTimeout: env.get('REDIS_COMMAND_TIMEOUT_MS', 1000),
      connectTimeout: env.get('REDIS_CONNECT_TIMEOUT_MS', 2000),
      retryStrategy(times) {
        return Math.min(times * 200, 2000)
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
