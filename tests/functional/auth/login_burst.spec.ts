import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import { redisEnabled } from '#config/redis'
import { loginFailureKeys, loginFailureLimiter, rateLimits } from '#start/limiter'
import Member from '#models/member'
import { resetDatabase } from '#tests/helpers/database'
import { createMember, DEFAULT_PASSWORD } from '#tests/helpers/auth'

const IP = '127.0.0.1'
const LIMIT = 10
const TOO_MANY = { result: 'failed', message: '요청이 너무 많음' }
const LOGIN_FAILED = {
  result: 'failed',
  message: '등록되지 않은 아이디거나 비밀번호가 일치하지 않음',
}

/*
 * Contract §2 "Limits hold under concurrency": an attempt reserves its place
 * in the failure budgets before the password is checked. Run against the store
 * production would use (Redis when configured, else the `rate_limits` table),
 * with the default limit of 10; no global transaction (parallel requests).
 */
test.group('Login failure limit under concurrency', (group) => {
  const saved = { loginFailures: rateLimits.loginFailures, store: limiter.config.default }
  let usernames: string[] = []

  async function clearKeys() {
    await resetDatabase()
    await loginFailureLimiter().delete(loginFailureKeys('', IP).ip)
    for (const username of usernames) {
      await loginFailureLimiter().delete(
        loginFailureKeys(Member.usernameKeyOf(username), IP).account
      )
    }
  }

  group.setup(() => {
    limiter.config.default = redisEnabled ? 'redis' : 'database'
    rateLimits.loginFailures = LIMIT
  })
  group.each.setup(() => clearKeys())
  group.each.teardown(() => clearKeys())
  group.teardown(() => {
    rateLimits.loginFailures = saved.loginFailures
    limiter.config.default = saved.store
  })

  test('40 logins at once (39 wrong, 1 right): at most 10 reach the hash, the rest 429', async ({
    client,
    assert,
  }) => {
    const member = await createMember({ username: `burst_${process.pid}` })
    usernames = [member.username]
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        client.post('/members/login').json({
          username: member.username,
          password: index === 20 ? DEFAULT_PASSWORD : `wrong-password-${index}`,
        })
      )
    )
    const statuses = responses.map((response) => response.status())
    const hashed = statuses.filter((status) => status === 401 || status === 200)
    assert.isAtMost(hashed.length, LIMIT, statuses.join(','))
    assert.equal(hashed.length + statuses.filter((s) => s === 429).length, 40, statuses.join(','))
    for (const response of responses) {
      if (response.status() === 401) {
        response.assertBody(LOGIN_FAILED)
      } else if (response.status() === 429) {
        response.assertBody(TOO_MANY)
        assert.isAbove(Number(response.header('retry-after')), 0)
      }
    }
  })

  test('40 wrong logins at once with 40 usernames: at most 10 answers 401', async ({
    client,
    assert,
  }) => {
    usernames = Array.from({ length: 40 }, (_, index) => `ghost_${process.pid}_${index}`)
    const responses = await Promise.all(
      usernames.map((username) =>
        client.post('/members/login').json({ username, password: 'wrong-password' })
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.isAtMost(statuses.filter((status) => status === 401).length, LIMIT, statuses.join(','))
    assert.equal(
      statuses.filter((status) => status === 429).length + statuses.filter((s) => s === 401).length,
      40
    )
  })

  test('a refused attempt gives back what the other budget reserved', async ({
    client,
    assert,
  }) => {
    const member = await createMember({ username: `spent_${process.pid}` })
    usernames = [member.username]
    const keys = loginFailureKeys(Member.usernameKeyOf(member.username), IP)
    /* The (username, IP) budget is spent; the IP's is untouched. */
    await loginFailureLimiter().set(keys.account, LIMIT, '15 mins')
    const response = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    response.assertStatus(429)
    response.assertBody(TOO_MANY)
    const perIp = await loginFailureLimiter().get(keys.ip)
    assert.equal(perIp?.consumed ?? 0, 0)
  })

  test('a right password gives the IP its reservation back', async ({ client, assert }) => {
    const member = await createMember({ username: `right_${process.pid}` })
    usernames = [member.username]
    const keys = loginFailureKeys(Member.usernameKeyOf(member.username), IP)
    for (let i = 0; i < 3; i++) {
      const ok = await client
        .post('/members/login')
        .json({ username: member.username, password: DEFAULT_PASSWORD })
      ok.assertStatus(200)
    }
    const perIp = await loginFailureLimiter().get(keys.ip)
    assert.equal(perIp?.consumed ?? 0, 0)
    assert.isNull(await loginFailureLimiter().get(keys.account))
  })
})
