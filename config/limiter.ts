import env from '#start/env'
import { redisEnabled } from '#config/redis'
import { defineConfig, stores } from '@adonisjs/limiter'

/*
 * Counters live in Redis when Redis is configured, otherwise in the
 * `rate_limits` table, so every replica shares them. LIMITER_STORE overrides
 * the choice (the test suite uses `memory` for tests that are not about limits).
 */
const limiterConfig = defineConfig({
  default: env.get('LIMITER_STORE') ?? (redisEnabled ? 'redis' : 'database'),
  stores: {
    redis: stores.redis({ connectionName: 'main', rejectIfRedisNotReady: false }),
    database: stores.database({ tableName: 'rate_limits', clearExpiredByTimeout: true }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
