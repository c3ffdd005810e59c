/*
| Rate limits (contract §2). Every number comes from the environment;
| counters live in the store chosen by config/limiter.ts (Redis when
| configured, else the database).
*/
import env from '#start/env'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { metrics } from '#services/metrics'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/*
 * Read on every request, so one object holds the effective limits (the rate
 * limit tests lower them for their own group and restore them afterwards).
 */
export const rateLimits = {
  /* Failed logins per 15 minutes, per (username, IP) and per IP. */
  loginFailures: env.get('RATE_LIMIT_LOGIN_FAILURES', 10),
  /* Sign-ups per hour per IP. */
  signUpsPerHour: env.get('RATE_LIMIT_SIGNUPS_PER_HOUR', 20),
  /* Post, comment and like writes per minute per member. */
  writesPerMinute: env.get('RATE_LIMIT_WRITES_PER_MINUTE', 120),
}

/*
 * The failed-login counters; the login service reserves a place in both before
 * verifying a password, keeps it on a failure, and on success clears the
 * (username, IP) one and gives the IP its place back.
 */
export function loginFailureLimiter() {
  return limiter.use({
    requests: rateLimits.loginFailures,
    duration: '15 mins',
    blockDuration: '15 mins',
  })
}

export const loginFailureKeys = (usernameKey: string, ip: string) => ({
  account: `login_account_${usernameKey}_${ip}`,
  ip: `login_ip_${ip}`,
})

/* What a throttled route allows, and whose budget a request spends. */
interface ThrottleRule {
  requests: number
  duration: string
  key: string
}

/*
 * A throttle middleware as limiter.define() makes one, with one store round
 * trip per request instead of two: define()'s middleware reads the key's count
 * (`get`) before it consumes, which for these limits (no block duration) only
 * repeats what `consume` does: it counts the request and throws
 * E_TOO_MANY_REQUESTS once the budget is spent (429 with Retry-After, see
 * app/exceptions/handler.ts). Keys are `<name>_<key>`, as define() writes them.
 */
function throttle(name: string, rule: (ctx: HttpContext) => ThrottleRule) {
  const middleware = async (ctx: HttpContext, next: NextFn) => {
    const { key, ...limits } = rule(ctx)
    const state = await limiter
      .use(limits)
      .consume(`${name}_${key}`)
      .catch((error) => {
        if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) {
          metrics.recorder?.limiterError(name)
        }
        throw error
      })
    const result = await next()
    ctx.response.header('X-RateLimit-Limit', state.limit)
    ctx.response.header('X-RateLimit-Remaining', state.remaining)
    return result
  }
  return Object.defineProperty(middleware, 'name', { value: `${name}Throttle` })
}

/* POST /members/forms: sign-ups per IP per hour. */
export const signUpThrottle = throttle('signup', (ctx) => ({
  requests: rateLimits.signUpsPerHour,
  duration: '1 hour',
  key: `ip_${ctx.request.ip()}`,
}))

/*
 * Post, comment and like writes: per authenticated member per minute. Apply it
 * after the `auth` middleware (it falls back to the IP when no member is known).
 */
export const writeThrottle = throttle('writes', (ctx) => {
  const member = ctx.auth?.user
  return {
    requests: rateLimits.writesPerMinute,
    duration: '1 minute',
    key: member ? `member_${member.id}` : `ip_${ctx.request.ip()}`,
  }
})
