import { test } from '@japa/runner'
import logger from '@adonisjs/core/services/logger'
import { loginHeaders } from '#tests/helpers/auth'
import { withRealCommits } from '#tests/helpers/database'
import { makeMember } from '#tests/helpers/recipes'

/* What RequestContextMiddleware hands to the `access` logger, one entry per response. */
function recordAccessLog() {
  const access = logger.use('access')
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = []
  const info = access.info
  access.info = ((fields: Record<string, unknown>, message: string) => {
    lines.push({ fields, message })
  }) as typeof access.info
  return { lines, restore: () => (access.info = info) }
}

/* The finish event fires after the client has the response. */
const settled = () => new Promise((resolve) => setImmediate(resolve))

test.group('Access log', (group) => {
  group.each.setup(withRealCommits)

  test('one line per response: request id, method, path, status, duration', async ({
    client,
    assert,
  }) => {
    const log = recordAccessLog()
    try {
      const response = await client
        .get('/posts')
        .qs({ q: 'secret-search', pageSize: 5 })
        .header('X-Request-Id', 'trace-access-1')
      response.assertStatus(200)
      await client.get('/missing').header('X-Request-Id', 'trace-access-2')
      await settled()
    } finally {
      log.restore()
    }

    assert.lengthOf(log.lines, 2)
    const [list, missing] = log.lines
    assert.equal(list.message, 'request completed')
    assert.deepInclude(list.fields, {
      request_id: 'trace-access-1',
      method: 'GET',
      path: '/posts',
      status: 200,
    })
    assert.isNumber(list.fields.duration_ms)
    assert.deepInclude(missing.fields, { request_id: 'trace-access-2', status: 404 })
    /* No query string: searches and tokens in URLs stay out of the logs. */
    assert.notInclude(JSON.stringify(log.lines), 'secret-search')
  })

  test('credentials never reach the access log', async ({ client, assert }) => {
    const headers = await loginHeaders(await makeMember())
    const log = recordAccessLog()
    try {
      await client.get('/members/me').headers(headers)
      await client
        .post('/members/login')
        .json({ username: 'nobody-here', password: 'hunter2-password' })
      await settled()
    } finally {
      log.restore()
    }
    const written = JSON.stringify(log.lines)
    assert.lengthOf(log.lines, 2)
    assert.notInclude(written, headers.Authorization.replace('Bearer ', ''))
    assert.notInclude(written, 'hunter2-password')
  })
})
