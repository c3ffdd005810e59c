/*
| Rate limits (contract §2). Every number comes from the environment;
| counters live in the store chosen by config/limiter.ts (Redis when
| configured, else the database).
*/
import env from '#start/env'
import limiter from '@adonisjs/limiter/services/main'

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
 * The failed-login counters; the login service checks them before verifying a
 * password, feeds them on a failure, and clears the (username, IP) one on success.
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

/* POST /members/forms: sign-ups per IP per hour. */
export const signUpThrottle = limiter.define('signup', (ctx) =>
  limiter
    .allowRequests(rateLimits.signUpsPerHour)
    .every('1 hour')
    .usingKey(`ip_${ctx.request.ip()}`)
)

/*
 * Post, comment and like writes: per authenticated member per minute. Apply it
 * after the `auth` middleware (it falls back to the IP when no member is known).
 */
export const writeThrottle = limiter.define('writes', (ctx) => {
  const member = ctx.auth?.user
  return limiter
    .allowRequests(rateLimits.writesPerMinute)
    .every('1 minute')
    .usingKey(member ? `member_${member.id}` : `ip_${ctx.request.ip()}`)
})
