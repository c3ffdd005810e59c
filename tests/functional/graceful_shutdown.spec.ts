import { test } from '@japa/runner'
import { connect, type Socket } from 'node:net'
import { startServerProcess, CLOSED_PORT } from '#tests/helpers/server_process'

/* Opens a connection and sends an HTTP request up to (not including) the blank line. */
async function partialRequest(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`)
      resolve(socket)
    })
    socket.once('error', reject)
  })
}

/* Finishes the request and collects the whole response. */
async function finishRequest(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let response = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (response += chunk))
    socket.once('end', () => resolve(response))
    socket.once('error', reject)
    socket.write('\r\n')
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.group('Graceful shutdown (real server process)', () => {
  test('SIGTERM finishes in-flight requests, refuses new ones, closes pools and exits 0', async ({
    assert,
  }) => {
    /* With Redis configured, so its connection must be closed too for the process to end. */
    const server = await startServerProcess({ REDIS_HOST: process.env.REDIS_HOST || '' })

    /* Warm the pools (database and, when configured, Redis) before the signal. */
    const warm = await fetch(`${server.url}/health/ready`)
    assert.equal(warm.status, 200, server.output())

    /*
     * Requests the server has started reading (headers half sent) when
     * SIGTERM arrives: they are in flight however fast the route is.
     */
    const inFlight = await Promise.all(
      Array.from({ length: 25 }, () => partialRequest(server.port, '/health/ready'))
    )
    /* Plus a burst of complete requests racing the signal. */
    const burst = Array.from({ length: 50 }, () =>
      fetch(`${server.url}/health/live`).then((response) => response.status)
    )
    await Promise.all(burst)
    await sleep(200)

    server.child.kill('SIGTERM')
    await sleep(300)

    /* The listener is closed: new connections are refused. */
    await assert.rejects(() => fetch(`${server.url}/health/live`))

    const responses = await Promise.all(inFlight.map((socket) => finishRequest(socket)))
    for (const response of responses) {
      assert.match(response, /^HTTP\/1\.1 200 OK/, response.slice(0, 200))
      assert.include(response, '"result":"success"')
    }

    /* One SIGTERM only, as Kubernetes sends it. */
    const { code, signal } = await server.waitForExit()
    assert.equal(signal, null, server.output())
    assert.equal(code, 0, server.output())
  }).timeout(40_000)
})

test.group('Graceful shutdown with abandoned requests (real server process)', () => {
  test('SIGTERM waits for handlers whose clients left, then closes the pools and exits 0', async ({
    assert,
  }) => {
    /* Production hashing: each login keeps its handler busy for a while. */
    const server = await startServerProcess({
      RATE_LIMIT_LOGIN_FAILURES: '1000',
      RATE_LIMIT_SIGNUPS_PER_HOUR: '1000',
    })
    const username = `shutdown_${Date.now()}`
    const credentials = { username, password: 'correct horse battery' }
    const signUp = await fetch(`${server.url}/members/forms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...credentials, email: `${username}@example.com` }),
    })
    assert.equal(signUp.status, 201, server.output())

    /* A stream of logins whose clients hang up while the server is still hashing. */
    const aborter = new AbortController()
    const until = Date.now() + 1500
    const loginLoop = async () => {
      while (Date.now() < until) {
        await fetch(`${server.url}/members/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credentials),
          signal: aborter.signal,
        }).catch(() => 'aborted')
      }
    }
    const loops = Array.from({ length: 16 }, loginLoop)
    await sleep(1500)
    aborter.abort()
    await Promise.all(loops)

    /*
     * Before the drain in bin/server.ts, the pools closed under the running
     * handlers, whose next query opened a new pool that kept the process
     * alive; stop() would SIGKILL it after the timeout.
     */
    const { code, signal } = await server.stop('SIGTERM', 20_000)
    assert.equal(signal, null, server.output())
    assert.equal(code, 0, server.output())
  }).timeout(60_000)
})

test.group('Readiness with a dependency down (real server process)', () => {
  test('database unreachable: /health/ready is 503 and names the database check', async ({
    assert,
  }) => {
    const server = await startServerProcess({
      DB_CONNECTION: 'pg',
      DATABASE_URL: '',
      PG_HOST: '127.0.0.1',
      PG_PORT: CLOSED_PORT,
      REDIS_HOST: '',
    })
    try {
      const live = await fetch(`${server.url}/health/live`)
      assert.equal(live.status, 200)
      const ready = await fetch(`${server.url}/health/ready`)
      const body = (await ready.json()) as { result: string; message: string; checks: any[] }
      assert.equal(ready.status, 503)
      assert.equal(body.result, 'failed')
      assert.include(body.message, 'Database health check')
      const failing = body.checks.filter((check) => check.status === 'error')
      assert.lengthOf(failing, 1)
      assert.match(failing[0].name, /^Database health check/)
    } finally {
      await server.stop('SIGTERM')
    }
  }).timeout(40_000)

  test('Redis unreachable: /health/ready is 503 and names the Redis check', async ({ assert }) => {
    const server = await startServerProcess({ REDIS_HOST: '127.0.0.1', REDIS_PORT: CLOSED_PORT })
    try {
      const ready = await fetch(`${server.url}/health/ready`)
      const body = (await ready.json()) as { result: string; message: string; checks: any[] }
      assert.equal(ready.status, 503)
      assert.include(body.message, 'Redis health check')
      const failing = body.checks.filter((check) => check.status === 'error')
      assert.deepEqual(
        failing.map((check) => check.name),
        ['Redis health check (main)']
      )
    } finally {
      await server.stop('SIGTERM')
    }
  }).timeout(40_000)
})
