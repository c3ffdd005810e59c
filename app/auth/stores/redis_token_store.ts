import type { Redis } from 'ioredis'
import {
  TokenStore,
  TokenStoreUnavailableError,
  type AuthSessionRecord,
  type RotationResult,
  type Successor,
} from '#auth/token_store'
import { metrics } from '#services/metrics'

/*
 * Keys (under the connection's REDIS_KEY_PREFIX):
 *   auth:session:<sid>           hash { m: member id, a: access jti, r: refresh jti,
 *                                       p: the refresh jti `r` replaced, t: when (epoch ms) }
 *   auth:member:<id>:sessions    set of the member's sids (for logout-all)
 * Both expire with the refresh token. Every multi-key change is one Lua
 * script, so it is atomic; the scripts build the second key from a key
 * *prefix* passed in KEYS, which ioredis has already prefixed.
 */
const SESSION = 'auth:session:'
const MEMBER = 'auth:member:'

const CREATE = `
redis.call('HSET', KEYS[1], 'm', ARGV[1], 'a', ARGV[2], 'r', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local members = KEYS[2] .. ARGV[1] .. ':sessions'
redis.call('SADD', members, ARGV[5])
if redis.call('PTTL', members) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', members, ARGV[4])
end
return 1`

/*
 * {1} rotated, {3, a, r, t} replayed (the presented jti is the predecessor `p`,
 * rotated less than ARGV[7] ms before ARGV[6]: the current pair is answered
 * unchanged), {2} reused (session deleted), {0} missing.
 */
const ROTATE = `
local session = redis.call('HMGET', KEYS[1], 'm', 'r', 'p', 't', 'a')
if not session[1] then return {0} end
local members = KEYS[2] .. session[1] .. ':sessions'
if session[2] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'a', ARGV[2], 'r', ARGV[3], 'p', ARGV[1], 't', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  if redis.call('PTTL', members) < tonumber(ARGV[4]) then
    redis.call('PEXPIRE', members, ARGV[4])
  end
  return {1}
end
if session[3] == ARGV[1] and tonumber(ARGV[6]) - tonumber(session[4]) < tonumber(ARGV[7]) then
  return {3, session[5], session[2], session[4]}
end
redis.call('DEL', KEYS[1])
redis.call('SREM', members, ARGV[5])
return {2}`

const REVOKE = `
local member = redis.call('HGET', KEYS[1], 'm')
redis.call('DEL', KEYS[1])
if member then
  redis.call('SREM', KEYS[2] .. member .. ':sessions', ARGV[1])
end
return 1`

const REVOKE_ALL = `
local sids = redis.call('SMEMBERS', KEYS[1])
for _, sid in ipairs(sids) do
  redis.call('DEL', KEYS[2] .. sid)
end
redis.call('DEL', KEYS[1])
return #sids`

export class RedisTokenStore extends TokenStore {
  readonly name = 'redis' as const

  constructor(private client: () => Redis) {
    super()
  }

  async create(session: AuthSessionRecord) {
    await this.#run((redis) =>
      redis.eval(
        CREATE,
        2,
        SESSION + session.sid,
        MEMBER,
        String(session.memberId),
        session.accessJti,
        session.refreshJti,
        String(ttlMs(session.expiresAt)),
        session.sid
      )
    )
  }

  async get(sid: string): Promise<AuthSessionRecord | null> {
    const [values, pttl] = await this.#run(async (redis) => {
      const result = await redis
        .multi()
        .hmget(SESSION + sid, 'm', 'a', 'r')
        .pttl(SESSION + sid)
        .exec()
      return [result?.[0]?.[1] as (string | null)[], result?.[1]?.[1] as number]
    })
    const [member, access, refresh] = values ?? []
    if (!member || !access || !refresh) {
      return null
    }
    return {
      sid,
      memberId: Number(member),
      accessJti: access,
      refreshJti: refresh,
      expiresAt: new Date(Date.now() + Math.max(pttl, 0)),
    }
  }

  async validateAccess(sid: string, accessJti: string) {
    const [member, access] = await this.#run((redis) => redis.hmget(SESSION + sid, 'm', 'a'))
    return member && access === accessJti ? Number(member) : null
  }

  async rotate(
    sid: string,
    oldRefreshJti: string,
    next: Successor & { expiresAt: Date },
    leewayMs: number
  ): Promise<RotationResult> {
    const [code, accessJti, refreshJti, rotatedAt] = (await this.#run((redis) =>
      redis.eval(
        ROTATE,
        2,
        SESSION + sid,
        MEMBER,
        oldRefreshJti,
        next.accessJti,
        next.refreshJti,
        String(ttlMs(next.expiresAt)),
        sid,
        String(next.rotatedAt.getTime()),
        String(leewayMs)
      )
    )) as [number, string?, string?, string?]
    switch (code) {
      case 1:
        return { status: 'rotated' }
      case 3:
        return {
          status: 'replayed',
          successor: {
            accessJti: accessJti!,
            refreshJti: refreshJti!,
            rotatedAt: new Date(Number(rotatedAt)),
          },
        }
      case 2:
        return { status: 'reused' }
      default:
        return { status: 'missing' }
    }
  }

  async revoke(sid: string) {
    await this.#run((redis) => redis.eval(REVOKE, 2, SESSION + sid, MEMBER, sid))
  }

  async revokeAllForMember(memberId: number) {
    await this.#run((redis) => redis.eval(REVOKE_ALL, 2, `${MEMBER}${memberId}:sessions`, SESSION))
  }

  /*
   * Any Redis failure (refused, timed out, connection closed) means the
   * session cannot be checked: answer 503, never let the token through.
   */
  async #run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.client())
    } catch (error) {
      metrics.recorder?.tokenStoreError(this.name)
      throw new TokenStoreUnavailableError('token store unavailable', { cause: error })
    }
  }
}

function ttlMs(expiresAt: Date) {
  return Math.max(expiresAt.getTime() - Date.now(), 1000)
}
