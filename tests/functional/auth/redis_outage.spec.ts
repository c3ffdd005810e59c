import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import { RedisConnection } from '@adonisjs/redis'
import { TokenStore } from '#auth/token_store'
import { RedisTokenStore } from '#auth/stores/redis_token_store'
import { DisposableRedis } from '#tests/helpers/redis_server'
import { createMember, DEFAULT_PASSWORD } from '#tests/helpers/auth'
import { silenceAppLogs } from '#tests/helpers/app_logs'

const UNAVAILABLE = { result: 'failed', message: '서비스를 일시적으로 사용할 수 없음' }

/*
 * The Redis token store with Redis going away: its own redis-server (on a
 * private unix socket, see tests/helpers/redis_server.ts) that the test stops
 * and restarts, bound in place of the configured store for this group only.
 */
test.group('Redis token store / outage', (group) => {
  let server: DisposableRedis
  let connection: RedisConnection

  group.each.setup(() => testUtils.db().withGlobalTransaction())
  /* The 503s below are expected: keep their error lines out of the test output. */
  group.setup(() => silenceAppLogs())

  group.setup(async () => {
    server = await DisposableRedis.create()
    /* Same failure settings as config/redis.ts. */
    connection = new RedisConnection('outage', {
      ...server.connectionOptions,
      keyPrefix: 'hankki-test-outage:',
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(times * 200, 1000),
    })
    connection.on('error', () => {})
    const store = new RedisTokenStore(() => connection.ioConnection)
    app.container.swap(TokenStore, () => store)
    return async () => {
      app.container.restore(TokenStore)
      connection.disconnect()
      await server.stop()
    }
  })

  test('authenticated requests answer 503 while Redis is down, then recover', async ({
    client,
    assert,
  }) => {
    const member = await createMember()
    const login = () =>
      client.post('/members/login').json({ username: member.username, password: DEFAULT_PASSWORD })

    const before = await login()
    before.assertStatus(200)
    const { access_token: access, refresh_token: refresh } = before.body()
    const meBefore = await client.get('/members/me').bearerToken(access)
    meBefore.assertStatus(200)

    await server.stop()

    const started = Date.now()
    const me = await client.get('/members/me').bearerToken(access)
    me.assertStatus(503)
    me.assertBody(UNAVAILABLE)
    assert.isBelow(Date.now() - started, 5000)

    const refreshed = await client.post('/members/tokens').bearerToken(refresh)
    refreshed.assertStatus(503)
    const loginDown = await login()
    loginDown.assertStatus(503)
    loginDown.assertBody(UNAVAILABLE)
    const logout = await client.post('/members/logout').bearerToken(access)
    logout.assertStatus(503)

    /*
     * Anonymous requests do not need the token store. (Not /health/*: its
     * DbCheck would capture this test's global transaction on first import.)
     */
    const check = await client.post('/members/validation').json({ username: 'free_name' })
    check.assertStatus(200)
    /* Requests without a token are still 401, not 503. */
    const anonymous = await client.get('/members/me')
    anonymous.assertStatus(401)

    await server.start()

    /* The connection reconnects by itself; a new login works again. */
    let again = await login()
    for (let attempt = 0; attempt < 50 && again.status() !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      again = await login()
    }
    again.assertStatus(200)
    const meAfter = await client.get('/members/me').bearerToken(again.body().access_token)
    meAfter.assertStatus(200)

    /* The restarted Redis kept nothing: the old session fails closed (401). */
    const old = await client.get('/members/me').bearerToken(access)
    old.assertStatus(401)
  })
})
