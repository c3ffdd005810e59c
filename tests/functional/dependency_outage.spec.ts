import { test } from '@japa/runner'
import { startServerProcess } from '#tests/helpers/server_process'
import type { TcpProxy } from '#tests/helpers/tcp_proxy'
import {
  checkUsername,
  eventually,
  logLines,
  onPostgres,
  pgBehind,
  recovers,
  startPgProxy,
  timedFetch,
} from '#tests/helpers/outage'

const UNAVAILABLE = { result: 'failed', message: '서비스를 일시적으로 사용할 수 없음' }

/*
 * PostgreSQL going silent or dropping connections under a real server
 * process, through a TCP proxy in front of this run's (migrated) test
 * database. PostgreSQL runs only: SQLite has no network to lose.
 */
test.group('Database outage (real server process behind a TCP proxy)', (group) => {
  let proxy: TcpProxy

  group.each.setup(async () => {
    proxy = await startPgProxy()
    return () => proxy.close()
  })

  test('a silent database is 503 within the time limits, readiness 503 within 2 s, logged once each way', async ({
    assert,
  }) => {
    const server = await startServerProcess({
      ...pgBehind(proxy),
      PG_CONNECT_TIMEOUT_MS: '500',
      PG_ACQUIRE_TIMEOUT_MS: '1000',
      PG_STATEMENT_TIMEOUT_MS: '500',
    })
    try {
      const before = await checkUsername(server.url, 'outage_free_name')
      assert.equal(before.status, 200, server.output())
      const readyBefore = await timedFetch(`${server.url}/health/ready`)
      assert.equal(readyBefore.status, 200)

      proxy.blackhole()

      const ready = await timedFetch(`${server.url}/health/ready`)
      assert.equal(ready.status, 503)
      assert.isBelow(ready.elapsedMs, 2000)
      assert.equal(ready.body.result, 'failed')
      assert.include(ready.body.message, 'Database health check')

      /* Statement limit 0.5 s (+1 s on the client), pool wait 1 s, connect 0.5 s. */
      const during = await Promise.all(
        Array.from({ length: 8 }, (_, index) => checkUsername(server.url, `outage_name_${index}`))
      )
      for (const response of during) {
        assert.equal(response.status, 503, server.output())
        assert.deepEqual(response.body, UNAVAILABLE)
        assert.isBelow(response.elapsedMs, 3000)
      }

      proxy.restore()

      const unavailable = during.map((response) => response.requestId)
      assert.isTrue(
        await recovers(server.url, unavailable),
        'requests succeed again after the database is back'
      )
      assert.isTrue(
        await eventually(() => server.output().includes('"dependency up"')),
        server.output()
      )
      const readyAfter = await timedFetch(`${server.url}/health/ready`)
      assert.equal(readyAfter.status, 200)

      const lines = logLines(server.output())
      const down = lines.filter((line) => line.msg === 'dependency down')
      const up = lines.filter((line) => line.msg === 'dependency up')
      assert.lengthOf(down, 1, JSON.stringify(down))
      assert.equal(down[0].level, 50)
      assert.equal(down[0].dependency, 'database')
      assert.lengthOf(up, 1, JSON.stringify(up))
      assert.equal(up[0].dependency, 'database')
      assert.include([30, 40], up[0].level)

      /* One warn line per 503, carrying that response's request id. */
      const warned = lines.filter((line) => line.msg === 'dependency unavailable')
      assert.isTrue(warned.every((line) => line.level === 40))
      assert.sameMembers(
        warned.map((line) => line.request_id),
        unavailable
      )
      /* No stack trace anywhere in the outage. */
      const stacks = server
        .output()
        .split('\n')
        .filter((line) => line.includes('    at '))
      assert.lengthOf(stacks, 0, stacks.join('\n'))
      assert.isTrue(lines.every((line) => !line.err && !line.stack))
    } finally {
      await server.stop()
    }
  })
    .skip(!onPostgres, 'PostgreSQL runs only')
    .timeout(60_000)

  test('a connection dropped in the middle of a request is 503, then the app recovers', async ({
    assert,
  }) => {
    /* Limits far above the test's bound: only the dropped connection can explain a fast 503. */
    const server = await startServerProcess({
      ...pgBehind(proxy),
      PG_CONNECT_TIMEOUT_MS: '10000',
      PG_ACQUIRE_TIMEOUT_MS: '10000',
      PG_STATEMENT_TIMEOUT_MS: '10000',
    })
    try {
      const before = await checkUsername(server.url, 'dropped_free_name')
      assert.equal(before.status, 200, server.output())

      /* The request's statement is sent and held; then the connection is cut. */
      proxy.blackhole()
      const pending = checkUsername(server.url, 'dropped_name')
      await new Promise((resolve) => setTimeout(resolve, 300))
      proxy.dropConnections()
      const dropped = await pending
      assert.equal(dropped.status, 503, server.output())
      assert.deepEqual(dropped.body, UNAVAILABLE)
      assert.isBelow(dropped.elapsedMs, 3000)

      proxy.restore()
      assert.isTrue(await recovers(server.url))
      assert.notInclude(server.output(), '    at ')
    } finally {
      await server.stop()
    }
  })
    .skip(!onPostgres, 'PostgreSQL runs only')
    .timeout(60_000)
})
