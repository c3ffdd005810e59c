/*
| Rate limits (contract §2). Every number comes from the environment.
| Counters live in the store chosen by config/limiter.ts (Redis when
| configured, else the database).
*/
import env from '#start/env'
import limiter from '@adonisjs/limiter/services/main'

export const LOGIN_FAILURES = env.get('RATE_LIMIT_LOGIN_FAILURES', 10)
export const SIGNUPS_PER_HOUR = env.get('RATE_LIMIT_SIGNUPS_PER_HOUR', 20)
export const WRITES_PER_MINUTE = env.get('RATE_LIMIT_WRITES_PER_MINUTE', 120)

/*
 * Failed logins, counted per (username, IP) and per IP over 15 minutes; the
 * login service consults and feeds these (a success clears the pair's count).
 */
export function loginFailureLimiters() {
  const options = { requests: LOGIN_FAILURES, duration: '15 mins', blockDuration: '15 mins' }
  return {
    perAccount: limiter.use({ ...options }),
    perIp: limiter.use({ ...options }),
  }
}

/* POST /members/forms: sign-ups per IP per hour. */
export const signUpThrottle = limiter.define('signup', (ctx) =>
  limiter.allowRequests(SIGNUPS_PER_HOUR).every('1 hour').usingKey(`ip_${ctx.request.ip()}`)
)

/*
 * Post, comment and like writes: per authenticated member per minute (apply
 * after the `auth` middleware; falls back to the IP if no member is known).
 */
export const writeThrottle = limiter.define('writes', (ctx) => {
  const member = ctx.auth?.user
  return limiter
    .allowRequests(WRITES_PER_MINUTE)
    .every('1 minute')
    .usingKey(member ? `member_${member.id}` : `ip_${ctx.request.ip()}`)
})
