import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import limiter from '@adonisjs/limiter/services/main'
import { redisEnabled } from '#config/redis'
import { trustedProxies } from '#auth/trusted_proxies'
import { loginFailureKeys, loginFailureLimiter, rateLimits } from '#start/limiter'
import { resetDatabase } from '#tests/helpers/database'

const PEER = '127.0.0.1'
const LIMIT = 10
const TOO_MANY = { result: 'failed', message: '요청이 너무 많음' }
const LOGIN_FAILED = {
  result: 'failed',
  message: '등록되지 않은 아이디거나 비밀번호가 일치하지 않음',
}
const run = `${process.pid}`

/* The server's own http config object: requests read `trustProxy` from it. */
const httpConfig = app.config.get<{ trustProxy: (address: string, distance: number) => boolean }>(
  'app.http'
)

/* A documentation-range address per index (TEST-NET-3). */
const forged = (index: number) => `203.0.113.${index % 250}`

/*
 * Contract §2 "Client address": the limits key on the socket's peer unless
 * the peer is a proxy listed in TRUST_PROXY. Against the store production
 * would use (Redis when configured, else the database), like rate_limits.spec.ts.
 */
test.group('Client address / rate limits', (group) => {
  const consumed = async (ip: string) => {
    const state = await loginFailureLimiter().get(loginFailureKeys('', ip).ip)
    return state?.consumed ?? null
  }
  const saved = {
    loginFailures: rateLimits.loginFailures,
    store: limiter.config.default,
    trustProxy: httpConfig.trustProxy,
  }
  const addresses = [PEER, '198.51.100.7', ...Array.from({ length: 30 }, (_, i) => forged(i))]

  async function clearKeys() {
    await resetDatabase()
    for (const ip of addresses) {
      await loginFailureLimiter().delete(loginFailureKeys('', ip).ip)
      await loginFailureLimiter().delete(loginFailureKeys(`xff_${run}`, ip).account)
    }
  }

  group.setup(() => {
    limiter.config.default = redisEnabled ? 'redis' : 'database'
    rateLimits.loginFailures = LIMIT
  })
  group.each.setup(async () => {
    await clearKeys()
    return () => {
      httpConfig.trustProxy = saved.trustProxy
    }
  })
  group.teardown(async () => {
    await clearKeys()
    rateLimits.loginFailures = saved.loginFailures
    limiter.config.default = saved.store
  })

  test('30 wrong logins, each with a random X-Forwarded-For: 429 after the limit', async ({
    client,
    assert,
  }) => {
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      const response = await client
        .post('/members/login')
        .header('X-Forwarded-For', forged(i))
        .json({ username: `xff_${run}`, password: 'wrong-password' })
      statuses.push(response.status())
      if (i < LIMIT) {
        response.assertStatus(401)
        response.assertBody(LOGIN_FAILED)
      } else {
        response.assertStatus(429)
        response.assertBody(TOO_MANY)
        assert.isAbove(Number(response.header('retry-after')), 0)
      }
    }
    assert.lengthOf(
      statuses.filter((status) => status === 401),
      LIMIT
    )
    /* Every attempt was charged to the peer (refused ones too), none to a forged address. */
    assert.isAtLeast((await consumed(PEER)) ?? 0, LIMIT)
    assert.isNull(await loginFailureLimiter().get(loginFailureKeys('', forged(0)).ip))
  })

  test('a trusted proxy: the rightmost untrusted X-Forwarded-For hop is the client', async ({
    client,
    assert,
  }) => {
    httpConfig.trustProxy = trustedProxies('127.0.0.0/8, 10.0.0.0/8')
    /* The client's own (forged) entry is left of the one the proxies added. */
    const response = await client
      .post('/members/login')
      .header('X-Forwarded-For', `${forged(1)}, 198.51.100.7, 10.1.2.3`)
      .json({ username: `xff_${run}`, password: 'wrong-password' })
    response.assertStatus(401)
    response.assertBody(LOGIN_FAILED)

    assert.equal(await consumed('198.51.100.7'), 1)
    assert.isNull(await loginFailureLimiter().get(loginFailureKeys('', PEER).ip))
    assert.isNull(await loginFailureLimiter().get(loginFailureKeys('', forged(1)).ip))
  })

  test('behind a trusted proxy each client has its own budget', async ({ client }) => {
    httpConfig.trustProxy = trustedProxies(PEER)
    const attempt = (ip: string) =>
      client
        .post('/members/login')
        .header('X-Forwarded-For', ip)
        .json({ username: `xff_${run}`, password: 'wrong-password' })
    for (let i = 0; i < LIMIT; i++) {
      const response = await attempt('198.51.100.7')
      response.assertStatus(401)
    }
    const blocked = await attempt('198.51.100.7')
    blocked.assertStatus(429)
    blocked.assertBody(TOO_MANY)
    const other = await attempt(forged(2))
    other.assertStatus(401)
    other.assertBody(LOGIN_FAILED)
  })
})
