import { test } from '@japa/runner'
import { defaultAppUrl } from '#start/env'
import { startServerProcess } from '#tests/helpers/server_process'

/*
 * APP_URL is optional: without it the OpenAPI document's server is the
 * address the process listens on, so changing PORT is enough.
 */
test.group('APP_URL', () => {
  test('unset, the OpenAPI server follows HOST and PORT', async ({ assert, cleanup }) => {
    const server = await startServerProcess({ APP_URL: '' })
    cleanup(async () => {
      await server.stop()
    })

    const response = await fetch(`${server.url}/openapi.json`)
    assert.equal(response.status, 200)
    const document = (await response.json()) as { servers: { url: string }[] }
    assert.deepEqual(document.servers, [{ url: `http://127.0.0.1:${server.port}` }])
  })

  test('set, it is used as it is', async ({ assert, cleanup }) => {
    const server = await startServerProcess({ APP_URL: 'https://api.hankki.example' })
    cleanup(async () => {
      await server.stop()
    })

    const response = await fetch(`${server.url}/openapi.json`)
    const document = (await response.json()) as { servers: { url: string }[] }
    assert.deepEqual(document.servers, [{ url: 'https://api.hankki.example' }])
  })

  test('a wildcard or IPv6 HOST gives a URL a browser can open', ({ assert }) => {
    assert.equal(defaultAppUrl('0.0.0.0', '3404'), 'http://localhost:3404')
    assert.equal(defaultAppUrl('::', '3404'), 'http://localhost:3404')
    assert.equal(defaultAppUrl('::1', '8080'), 'http://[::1]:8080')
    assert.equal(defaultAppUrl('127.0.0.1', undefined), 'http://127.0.0.1:3333')
    assert.equal(defaultAppUrl(undefined, undefined), 'http://localhost:3333')
  })
})
