import { test } from '@japa/runner'
import { createServer, type Server } from 'node:http'
import { startServerProcess } from '#tests/helpers/server_process'
import { checkUsername, eventually } from '#tests/helpers/outage'

/* A stand-in OTLP/HTTP collector: keeps every body posted to /v1/traces. */
async function otlpCollector() {
  const bodies: Buffer[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        bodies.push(Buffer.concat(chunks))
      }
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    endpoint: `http://127.0.0.1:${port}`,
    traces: () => Buffer.concat(bodies).toString('latin1'),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

test.group('Tracing (real server process)', () => {
  test('with OTEL_EXPORTER_OTLP_ENDPOINT, requests and their database calls are exported over OTLP', async ({
    assert,
  }) => {
    const collector = await otlpCollector()
    const server = await startServerProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_SERVICE_NAME: 'hankki-trace-test',
      /* Export batches every 100 ms instead of every 5 s. */
      OTEL_BSP_SCHEDULE_DELAY: '100',
    })
    try {
      const response = await checkUsername(server.url, 'traced_name')
      assert.equal(response.status, 200, server.output())
      assert.isTrue(
        await eventually(() => collector.traces().includes('POST /members/validation')),
        `no request span exported:\n${server.output()}`
      )
      const traces = collector.traces()
      assert.include(traces, 'hankki-trace-test')
      /* The query's span (knex; on PostgreSQL also the driver's). */
      assert.include(traces, 'members')
      assert.include(traces, 'db.system')
    } finally {
      await server.stop()
      await collector.close()
    }
  }).timeout(60_000)
})
