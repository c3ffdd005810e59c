import { inject } from '@adonisjs/core'
import hash from '@adonisjs/core/services/hash'
import { errors as limiterErrors } from '@adonisjs/limiter'
import ApiException from '#exceptions/api_exception'
import Member from '#models/member'
import { AuthSessions } from '#auth/auth_sessions'
import type { TokenPair } from '#auth/token_service'
import { loginFailureKeys, loginFailureLimiter } from '#start/limiter'

export const LOGIN_FAILED_MESSAGE = '등록되지 않은 아이디거나 비밀번호가 일치하지 않음'

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

    for (const key of [keys.account, keys.ip]) {
      const state = await limiter.get(key)
      if (state && state.consumed >= state.limit) {
        throw new limiterErrors.E_TOO_MANY_REQUESTS(state)
      }
    }

    const member = await Member.findBy('usernameKey', usernameKey)
    const verified = member
      ? await hash.verify(member.password, credentials.password)
      : await hash.verify(await timingDummy(), credentials.password).then(() => false)

    if (!member || !verified) {
      await Promise.all([limiter.increment(keys.account), limiter.increment(keys.ip)])
      throw ApiException.unauthorized(LOGIN_FAILED_MESSAGE)
    }

    await limiter.delete(keys.account)
    if (hash.needsReHash(member.password)) {
      member.password = await hash.make(credentials.password)
      await member.save()
      Member.forgetForRequest(member.id)
    }
    const pair = await this.sessions.start(member)
    return { member, pair }
  }
}
