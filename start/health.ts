import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { DbCheck } from '@adonisjs/lucid/database'
import { RedisCheck } from '@adonisjs/redis'
import { HealthChecks } from '@adonisjs/core/health'
import { redisEnabled } from '#config/redis'

/*
 * Readiness: the database always, Redis only when it is configured (the app
 * then depends on it for tokens and rate limits). Built per run so the checks
 * use the connection as it is at that moment (never one captured earlier).
 */
export function readinessChecks() {
  return new HealthChecks().register([
    new DbCheck(db.connection()),
    ...(redisEnabled ? [new RedisCheck(redis.connection('main'))] : []),
  ])
}
