import { test } from '@japa/runner'
import { freePort, startServerProcess } from '#tests/helpers/server_process'
import {
  eventually,
  onPostgres,
  pgBehind,
  startPgProxy,
  statusOf,
  timedFetch,
} from '#tests/helpers/outage'

/* The value of one sample line (`name{labels} value`) of a Prometheus text page, or null. */
function sample(page: string, series: string): number | null {
  const line = page.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : null
}

async function scrape(port: number) {
  const response = await timedFetch(`http://127.0.0.1:${port}/metrics`)
  return { status: response.status, page: String(response.body) }
}

/* Waits until the metrics listener answers (it starts once the app is ready). */
async function metricsPage(port: number) {
  let page = ''
  await eventually(async () => {
    try {
      const result = await scrape(port)
      page = result.page
      return result.status === 200
    } catch {
      return false
    }
  })
  return page
}

test.group('Metrics (real server process)', () => {
  test('requests are counted by route pattern and status on METRICS_PORT, never on the public port', async ({
    assert,
  }) => {
    const metricsPort = await freePort()
    const server = await startServerProcess({ METRICS_PORT: String(metricsPort) })
    try {
      await metricsPage(metricsPort)
      for (let index = 0; index < 3; index++) {
        assert.equal(await statusOf(`${server.url}/health/live`), 200)
      }
      const missing = await timedFetch(`${server.url}/no/such/route`)
      assert.equal(missing.status, 404)
      const invalid = await timedFetch(`${server.url}/members/validation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      assert.equal(invalid.status, 422)

      const page = await metricsPage(metricsPort)
      const live = 'method="GET",route="/health/live",status="200"'
      assert.equal(sample(page, `hankki_http_requests_total{${live}}`), 3, page)
      assert.equal(sample(page, `hankki_http_request_duration_seconds_count{${live}}`), 3)
      assert.equal(
        sample(page, 'hankki_http_requests_total{method="GET",route="unmatched",status="404"}'),
        1
      )
      assert.equal(
        sample(
          page,
          'hankki_http_requests_total{method="POST",route="/members/validation",status="422"}'
        ),
        1
      )
      assert.equal(sample(page, 'hankki_dependency_up{dependency="database"}'), 1)
      for (const gauge of [
        'hankki_db_pool_connections_in_use',
        'hankki_db_pool_pending_acquires',
        'hankki_token_store_errors_total',
        'hankki_limiter_errors_total',
      ]) {
        assert.include(page, `# TYPE ${gauge} `)
      }
      /* Raw paths never become labels. */
      assert.notInclude(page, '/no/such/route')

      /* The public port does not serve the metrics. */
      const publicMetrics = await timedFetch(`${server.url}/metrics`)
      assert.equal(publicMetrics.status, 404)
      assert.deepEqual(publicMetrics.body, { result: 'failed', message: '존재하지 않는 경로' })
      /* And the metrics port serves nothing else. */
      const other = await timedFetch(`http://127.0.0.1:${metricsPort}/health/live`)
      assert.equal(other.status, 404)
    } finally {
      await server.stop()
    }
  }).timeout(60_000)

  test('without METRICS_PORT nothing listens for metrics', async ({ assert }) => {
    const server = await startServerProcess({ METRICS_PORT: '' })
    try {
      assert.notInclude(server.output(), 'metrics listening')
      const publicMetrics = await timedFetch(`${server.url}/metrics`)
      assert.equal(publicMetrics.status, 404)
    } finally {
      await server.stop()
    }
  }).timeout(60_000)

  test('the dependency gauge shows the database down during an outage and up after it', async ({
    assert,
  }) => {
    const proxy = await startPgProxy()
    const metricsPort = await freePort()
    const server = await startServerProcess({
      ...pgBehind(proxy),
      METRICS_PORT: String(metricsPort),
      PG_CONNECT_TIMEOUT_MS: '500',
      PG_ACQUIRE_TIMEOUT_MS: '1000',
      PG_STATEMENT_TIMEOUT_MS: '500',
    })
    const databaseUp = 'hankki_dependency_up{dependency="database"}'
    try {
      assert.equal(await statusOf(`${server.url}/health/ready`), 200)
      assert.equal(sample(await metricsPage(metricsPort), databaseUp), 1)

      proxy.blackhole()
      assert.equal(await statusOf(`${server.url}/health/ready`), 503)
      assert.equal(sample(await metricsPage(metricsPort), databaseUp), 0)

      proxy.restore()
      assert.isTrue(
        await eventually(async () => sample(await metricsPage(metricsPort), databaseUp) === 1),
        server.output()
      )
    } finally {
      await server.stop()
      await proxy.close()
    }
  })
    .skip(!onPostgres, 'PostgreSQL runs only')
    .timeout(60_000)
})
