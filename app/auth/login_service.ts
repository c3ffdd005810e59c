import { inject } from '@adonisjs/core'
import hash from '@adonisjs/core/services/hash'
import ApiException from '#exceptions/api_exception'
import { LOGIN_FAILED_MESSAGE } from '#contract/messages'
import Member from '#models/member'
import { AuthSessions } from '#auth/auth_sessions'
import type { TokenPair } from '#auth/token_service'
import { loginFailureKeys, loginFailureLimiter } from '#start/limiter'

/*
 * A hash of a random string, verified when the username is unknown so that
 * "no such user" costs the same scrypt work as "wrong password".
 */
let dummyHash: Promise<string> | undefined
export function timingDummy() {
  dummyHash ??= hash.make(`timing-dummy-${Math.random()}`)
  return dummyHash
}

export interface LoginResult {
  member: Member
  pair: TokenPair
}

/*
 * Checks credentials under the failed-login limits (per username+IP and per
 * IP) and starts a session. Unknown user and wrong password are one answer.
 */
@inject()
export class LoginService {
  constructor(protected sessions: AuthSessions) {}

  async login(credentials: { username: string; password: string }, ip: string) {
    const usernameKey = Member.usernameKeyOf(credentials.username)
    const limiter = loginFailureLimiter()
    const keys = loginFailureKeys(usernameKey, ip)

    await reserveAttempt(limiter, [keys.account, keys.ip])

    let member: Member | null
    let verified: boolean
    try {
      member = await Member.findBy('usernameKey', usernameKey)
      verified = member
        ? await hash.verify(member.password, credentials.password)
        : await hash.verify(await timingDummy(), credentials.password).then(() => false)
    } catch (error) {
      /* Not a wrong password (the database or the hasher failed): nothing to charge. */
      await Promise.all([limiter.decrement(keys.account), limiter.decrement(keys.ip)])
      throw error
    }

    if (!member || !verified) {
      /* The reservation stays: it was this failure's place in both budgets. */
      throw ApiException.unauthorized(LOGIN_FAILED_MESSAGE)
    }

    /* A right password: the (username, IP) count starts again; the IP gets its reservation back. */
    await Promise.all([limiter.delete(keys.account), limiter.decrement(keys.ip)])
    if (hash.needsReHash(member.password)) {
      member.password = await hash.make(credentials.password)
      await member.save()
      Member.forgetForRequest(member.id)
    }
    const pair = await this.sessions.start(member)
    return { member, pair }
  }
}

/*
 * Takes the attempt's place in every failure budget before the password is
 * checked (contract §2, "limits hold under concurrency"): `consume` is one
 * atomic increment in each store (a Lua script on Redis, an upsert on the
 * database), so of any burst at most the limit get through to the hash, where
 * reading the count first and charging it after the hash let a whole burst
 * through. When one budget is spent the attempt is refused (429) and what the
 * other budget reserved is given back, since nothing was tried.
 */
async function reserveAttempt(limiter: ReturnType<typeof loginFailureLimiter>, keys: string[]) {
  const reservations = await Promise.allSettled(keys.map((key) => limiter.consume(key)))
  const refused = reservations.find((result) => result.status === 'rejected')
  if (refused) {
    await Promise.all(
      keys.map((key, index) =>
        reservations[index].status === 'fulfilled' ? limiter.decrement(key) : null
      )
    )
    throw refused.reason
  }
}
