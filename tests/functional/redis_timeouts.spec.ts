import { test } from '@japa/runner'
import { freePort, startServerProcess } from '#tests/helpers/server_process'
import { TcpProxy } from '#tests/helpers/tcp_proxy'
import { eventually, logLines, timedFetch } from '#tests/helpers/outage'

const UNAVAILABLE = { result: 'failed', message: '서비스를 일시적으로 사용할 수 없음' }

const json = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: JSON.stringify(body),
})

/*
 * Redis going silent under a real server process that keeps its tokens there,
 * through a TCP proxy in front of the shared Redis (this run's key prefix).
 * Runs on both databases: the members live in this run's database.
 */
test.group('Redis outage (real server process behind a TCP proxy)', () => {
  test('a silent Redis is 503 within the command limit, readiness 503 within 2 s, visible in the metrics, then recovers', async ({
    assert,
  }) => {
    const proxy = await TcpProxy.start(Number(process.env.REDIS_PORT || 6379), '127.0.0.1')
    const metricsPort = await freePort()
    const server = await startServerProcess({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(proxy.port),
      TOKEN_STORE: 'redis',
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'hankki-test:'}redis-outage:`,
      REDIS_COMMAND_TIMEOUT_MS: '500',
      REDIS_CONNECT_TIMEOUT_MS: '500',
      METRICS_PORT: String(metricsPort),
    })
    const metrics = async () => {
      const response = await timedFetch(`http://127.0.0.1:${metricsPort}/metrics`)
      return String(response.body)
    }
    const username = `redis_outage_${process.pid}`
    let userId: number | undefined
    let token = ''
    try {
      const signUp = await timedFetch(
        `${server.url}/members/forms`,
        json('POST', {
          username,
          password: 'correct-horse-battery',
          email: `${username}@example.com`,
        })
      )
      assert.equal(signUp.status, 201, server.output())
      userId = signUp.body.user_id
      const login = await timedFetch(
        `${server.url}/members/login`,
        json('POST', { username, password: 'correct-horse-battery' })
      )
      assert.equal(login.status, 200)
      token = login.body.access_token
      const me = () =>
        timedFetch(`${server.url}/members/me`, { headers: { authorization: `Bearer ${token}` } })
      const meStatus = async () => {
        const response = await me()
        return response.status
      }
      assert.equal(await meStatus(), 200)

      proxy.blackhole()

      const during = await me()
      assert.equal(during.status, 503, server.output())
      assert.deepEqual(during.body, UNAVAILABLE)
      assert.isBelow(during.elapsedMs, 2000)

      const ready = await timedFetch(`${server.url}/health/ready`)
      assert.equal(ready.status, 503)
      assert.isBelow(ready.elapsedMs, 2000)
      assert.include(ready.body.message, 'Redis health check')

      const down = await metrics()
      assert.include(down, 'hankki_dependency_up{dependency="redis"} 0')
      assert.include(down, 'hankki_dependency_up{dependency="database"} 1')
      assert.match(down, /hankki_token_store_errors_total\{store="redis"\} [1-9]/)

      proxy.restore()

      assert.isTrue(await eventually(async () => (await meStatus()) === 200), server.output())
      assert.isTrue(
        await eventually(async () => {
          const page = await metrics()
          return page.includes('hankki_dependency_up{dependency="redis"} 1')
        })
      )
      const lines = logLines(server.output())
      const transitions = lines
        .filter((line) => line.msg === 'dependency down' || line.msg === 'dependency up')
        .map((line) => `${line.msg} ${line.dependency}`)
      assert.deepEqual(transitions, ['dependency down redis', 'dependency up redis'])
      assert.lengthOf(
        server
          .output()
          .split('\n')
          .filter((line) => line.includes('    at ')),
        0
      )
    } finally {
      if (userId && token) {
        await timedFetch(`${server.url}/members/${userId}`, json('DELETE', {}, token)).catch(
          () => {}
        )
      }
      await server.stop()
      await proxy.close()
    }
  }).timeout(60_000)
})
