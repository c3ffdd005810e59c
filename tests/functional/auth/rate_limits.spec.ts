import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import testUtils from '@adonisjs/core/services/test_utils'
import { redisEnabled } from '#config/redis'
import { loginFailureKeys, loginFailureLimiter, rateLimits, writeThrottle } from '#start/limiter'
import Member from '#models/member'
import { resetDatabase } from '#tests/helpers/database'
import { createMember, DEFAULT_PASSWORD } from '#tests/helpers/auth'

const IP = '127.0.0.1'
const TOO_MANY = { result: 'failed', message: '요청이 너무 많음' }
const run = `${process.pid}`

/*
 * These tests run against the store production would use (Redis when
 * REDIS_HOST is set, else the `rate_limits` table), not the suite's memory
 * store; so no global transaction (the database store needs the pool's
 * connection), and low limits for this group only.
 */
test.group('Rate limits', (group) => {
  const saved = { ...rateLimits, store: limiter.config.default }

  async function clearKeys() {
    await resetDatabase()
    await loginFailureLimiter().delete(loginFailureKeys('', IP).ip)
    await limiter
      .use({ requests: rateLimits.signUpsPerHour, duration: '1 hour' })
      .delete(`signup_ip_${IP}`)
  }

  group.setup(() => {
    limiter.config.default = redisEnabled ? 'redis' : 'database'
    rateLimits.loginFailures = 3
    rateLimits.signUpsPerHour = 3
    rateLimits.writesPerMinute = 3
  })
  group.each.setup(() => clearKeys())
  group.teardown(async () => {
    await clearKeys()
    Object.assign(rateLimits, {
      loginFailures: saved.loginFailures,
      signUpsPerHour: saved.signUpsPerHour,
      writesPerMinute: saved.writesPerMinute,
    })
    limiter.config.default = saved.store
  })

  test('login failures per (username, IP): the 4th attempt is 429 with Retry-After', async ({
    client,
    assert,
  }) => {
    const member = await createMember({ username: `limited_${run}` })
    for (let i = 0; i < 3; i++) {
      const response = await client
        .post('/members/login')
        .json({ username: member.username, password: 'wrong-password' })
      response.assertStatus(401)
    }
    /* Even the right password is refused while blocked. */
    const blocked = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    blocked.assertStatus(429)
    blocked.assertBody(TOO_MANY)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    assert.isAtMost(Number(blocked.header('retry-after')), 15 * 60)
    await loginFailureLimiter().delete(
      loginFailureKeys(Member.usernameKeyOf(member.username), IP).account
    )
  })

  test('login failures per IP across usernames: 429', async ({ client, assert }) => {
    for (let i = 0; i < 3; i++) {
      const response = await client
        .post('/members/login')
        .json({ username: `ghost_${run}_${i}`, password: 'wrong-password' })
      response.assertStatus(401)
    }
    const blocked = await client
      .post('/members/login')
      .json({ username: `ghost_${run}_x`, password: 'wrong-password' })
    blocked.assertStatus(429)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    for (let i = 0; i < 3; i++) {
      await loginFailureLimiter().delete(loginFailureKeys(`ghost_${run}_${i}`, IP).account)
    }
  })

  test('a successful login clears the (username, IP) count', async ({ client, assert }) => {
    const member = await createMember({ username: `forgetful_${run}` })
    const keys = loginFailureKeys(Member.usernameKeyOf(member.username), IP)
    await client.post('/members/login').json({ username: member.username, password: 'nope-nope' })
    const failed = await loginFailureLimiter().get(keys.account)
    assert.equal(failed?.consumed, 1)
    const ok = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    ok.assertStatus(200)
    assert.isNull(await loginFailureLimiter().get(keys.account))
    /* The per-IP count is not cleared by one success. */
    const perIp = await loginFailureLimiter().get(keys.ip)
    assert.equal(perIp?.consumed, 1)
  })

  test('sign-ups per IP: the 4th in the hour is 429 with Retry-After', async ({
    client,
    assert,
  }) => {
    for (let i = 0; i < 3; i++) {
      const response = await client.post('/members/forms').json({
        username: `signup_${run}_${i}`,
        password: 'password-123',
        email: `signup_${run}_${i}@example.com`,
      })
      response.assertStatus(201)
    }
    const blocked = await client.post('/members/forms').json({
      username: `signup_${run}_x`,
      password: 'password-123',
      email: `signup_${run}_x@example.com`,
    })
    blocked.assertStatus(429)
    blocked.assertBody(TOO_MANY)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
  })

  test('writeThrottle limits writes per member', async ({ assert, cleanup }) => {
    const member = await createMember({ username: `writer_${run}` })
    const other = await createMember({ username: `writer2_${run}` })
    const key = `writes_member_${member.id}`
    const writes = limiter.use({ requests: 3, duration: '1 minute' })
    await writes.delete(key)
    await writes.delete(`writes_member_${other.id}`)

    const call = async (as: Member) => {
      const ctx = await testUtils.createHttpContext()
      Object.assign(ctx, { auth: { user: as } })
      return writeThrottle(ctx, async () => 'written')
    }
    /* One store operation per request: consume alone, no `get` before it. */
    const operations: string[] = []
    const spied = writes as unknown as Record<'get' | 'consume', (key: string) => Promise<unknown>>
    for (const method of ['get', 'consume'] as const) {
      const original = spied[method]
      cleanup(() => {
        spied[method] = original
      })
      spied[method] = (limiterKey) => {
        operations.push(method)
        return original.call(writes, limiterKey)
      }
    }
    for (let i = 0; i < 3; i++) {
      assert.equal(await call(member), 'written')
    }
    await assert.rejects(() => call(member), limiterErrors.E_TOO_MANY_REQUESTS)
    assert.deepEqual(operations, ['consume', 'consume', 'consume', 'consume'])
    /* Another member has their own budget. */
    assert.equal(await call(other), 'written')
    await writes.delete(key)
    await writes.delete(`writes_member_${other.id}`)
  })
})
