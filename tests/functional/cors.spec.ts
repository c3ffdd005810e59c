import { test } from '@japa/runner'

/*
 * config/cors.ts reads CORS_ORIGINS; outside production the SPA's local dev
 * origins are always allowed, which is what these tests use.
 */
const ALLOWED_ORIGIN = 'http://localhost:3000'

const headerList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)

test.group('CORS', () => {
  test('a preflight from an allowed origin answers 204 without authentication', async ({
    client,
    assert,
  }) => {
    const response = await client
      .options('/posts/forms')
      .header('Origin', ALLOWED_ORIGIN)
      .header('Access-Control-Request-Method', 'POST')
      /* As browsers send it (Fetch spec): lower-case, sorted, no spaces. */
      .header(
        'Access-Control-Request-Headers',
        'authorization,content-type,x-csrf-token,x-request-id'
      )

    response.assertStatus(204)
    assert.equal(response.header('access-control-allow-origin'), ALLOWED_ORIGIN)
    assert.equal(response.header('access-control-allow-credentials'), 'true')
    assert.includeMembers(headerList(response.header('access-control-allow-methods')), [
      'get',
      'post',
      'put',
      'delete',
    ])
    assert.includeMembers(headerList(response.header('access-control-allow-headers')), [
      'authorization',
      'content-type',
      'x-csrf-token',
      'x-request-id',
    ])
  })

  test('actual responses to an allowed origin expose X-Request-Id', async ({ client, assert }) => {
    const response = await client.get('/health/live').header('Origin', ALLOWED_ORIGIN)
    response.assertStatus(200)
    assert.equal(response.header('access-control-allow-origin'), ALLOWED_ORIGIN)
    assert.equal(response.header('access-control-allow-credentials'), 'true')
    assert.include(headerList(response.header('access-control-expose-headers')), 'x-request-id')
    assert.exists(response.header('x-request-id'))
  })

  test('a disallowed origin gets no allow-origin header', async ({ client, assert }) => {
    const preflight = await client
      .options('/posts/forms')
      .header('Origin', 'https://evil.example')
      .header('Access-Control-Request-Method', 'POST')
    assert.notExists(preflight.header('access-control-allow-origin'))

    const response = await client.get('/health/live').header('Origin', 'https://evil.example')
    assert.notExists(response.header('access-control-allow-origin'))
    assert.notExists(response.header('access-control-allow-credentials'))
  })
})
