import app from '@adonisjs/core/services/app'
import hash from '@adonisjs/core/services/hash'
import Member from '#models/member'
import { AuthSessions } from '#auth/auth_sessions'
import type { TokenPair } from '#auth/token_service'

let counter = 0

export const DEFAULT_PASSWORD = 'correct-horse-battery'

/* A member straight in the database (password DEFAULT_PASSWORD unless given). */
export async function createMember(
  attrs: Partial<{ username: string; email: string; password: string }> = {}
) {
  counter += 1
  const username = attrs.username ?? `member_${process.pid}_${counter}`
  return Member.create({
    username,
    usernameKey: Member.usernameKeyOf(username),
    email: (attrs.email ?? `${username}@example.com`).toLowerCase(),
    password: await hash.make(attrs.password ?? DEFAULT_PASSWORD),
  })
}

/* A real session for the member, through the app's token service and store. */
export async function issueTokens(member: Member): Promise<TokenPair> {
  const sessions = await app.container.make(AuthSessions)
  return sessions.start(member)
}

/* `{ Authorization: 'Bearer …' }` for the member: `client.get(url).headers(await loginHeaders(m))`. */
export async function loginHeaders(member: Member) {
  const pair = await issueTokens(member)
  return { Authorization: `Bearer ${pair.access.token}` }
}

/* The Cookie header of cookie mode for a pair (all four cookies). */
export function cookieHeader(pair: TokenPair) {
  return [
    `access_token_cookie=${pair.access.token}`,
    `csrf_access_token=${pair.access.claims.csrf}`,
    `refresh_token_cookie=${pair.refresh.token}`,
    `csrf_refresh_token=${pair.refresh.claims.csrf}`,
  ].join('; ')
}
