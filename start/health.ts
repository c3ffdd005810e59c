import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { DbCheck } from '@adonisjs/lucid/database'
import { RedisCheck } from '@adonisjs/redis'
import { BaseCheck, HealthChecks, Result } from '@adonisjs/core/health'
import type { HealthCheckContract } from '@adonisjs/core/types/health'
import { redisEnabled } from '#config/redis'
import dependencyStatus, { type Dependency } from '#services/dependency_status'

/*
 * How long one readiness check may take. The checks run in parallel, so
 * /health/ready answers within this bound (contract §7: 503 within 2 s) even
 * when a dependency accepts connections and never answers.
 */
export const READINESS_CHECK_TIMEOUT_MS = 1500

/*
 * A check that fails, naming itself, when it does not finish in time, and
 * tells DependencyStatus what it found (a readiness probe is often the first
 * to notice an outage, or its end).
 */
class BoundedCheck extends BaseCheck {
  name: string

  constructor(
    private check: HealthCheckContract,
    private dependency: Dependency,
    private timeoutMs: number
  ) {
    super()
    this.name = check.name
  }

  async run() {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<Result>((resolve) => {
      timer = setTimeout(
        () => resolve(Result.failed(`${this.name} did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs
      )
    })
    try {
      const result = await Promise.race([this.check.run(), deadline])
      if (result.status === 'error') {
        dependencyStatus.markDown(this.dependency, new Error(result.message))
      } else {
        dependencyStatus.markUp(this.dependency)
      }
      return result
    } finally {
      clearTimeout(timer)
    }
  }
}

/*
 * Readiness: the database always, Redis only when it is configured (the app
 * then depends on it for tokens and rate limits). Built per run so the checks
 * use the connection as it is at that moment (never one captured earlier).
 */
export function readinessChecks() {
  return new HealthChecks().register([
    new BoundedCheck(new DbCheck(db.connection()), 'database', READINESS_CHECK_TIMEOUT_MS),
    ...(redisEnabled
      ? [
          new BoundedCheck(
            new RedisCheck(redis.connection('main')),
            'redis',
            READINESS_CHECK_TIMEOUT_MS
          ),
        ]
      : []),
  ])
}
