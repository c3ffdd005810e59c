import { test } from '@japa/runner'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { openApiDocument } from '../../app/openapi/document.js'

/*
 * Real responses validated against the schemas the OpenAPI document gives
 * for their operation and status, so the document describes what the API
 * sends, not what it was meant to send.
 */

const doc = openApiDocument('http://127.0.0.1') as Record<string, any>
const ajv = new Ajv2020.default({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addFormat('password', true)
ajv.addSchema({ $id: 'openapi.json', ...doc })

function resolve(item: any) {
  while (item?.$ref) {
    item = item.$ref
      .slice(2)
      .split('/')
      .reduce((node: any, key: string) => node?.[key], doc)
  }
  return item
}

function assertConforms(
  assert: any,
  method: string,
  path: string,
  response: ApiResponse,
  expectedStatus: number
) {
  response.assertStatus(expectedStatus)
  const operation = doc.paths[path]?.[method]
  assert.exists(operation, `${method.toUpperCase()} ${path} is documented`)
  const documented = resolve(operation.responses[String(expectedStatus)])
  assert.exists(documented, `${method.toUpperCase()} ${path} documents ${expectedStatus}`)
  assert.exists(response.header('x-request-id'), 'X-Request-Id')
  const schema = documented.content?.['application/json']?.schema
  if (!schema) {
    return
  }
  const validate = ajv.compile({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...rewrite(schema),
  })
  assert.isTrue(
    validate(response.body()),
    `${method.toUpperCase()} ${path} ${expectedStatus}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(response.body())}`
  )
}

/* Local "#/components/…" references point into the registered document. */
function rewrite(node: any): any {
  if (Array.isArray(node)) {
    return node.map(rewrite)
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' ? `openapi.json${value}` : rewrite(value),
      ])
    )
  }
  return node
}

async function signUp(client: ApiClient, username: string) {
  return client
    .post('/members/forms')
    .json({ username, password: 'correct horse battery', email: `${username}@example.com` })
}

test.group('OpenAPI conformance: members and tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('sign-up, username check, login, me, refresh, logout, delete', async ({
    client,
    assert,
  }) => {
    const created = await signUp(client, 'conform_a')
    assertConforms(assert, 'post', '/members/forms', created, 201)
    assertConforms(assert, 'post', '/members/forms', await signUp(client, 'conform_a'), 409)
    const invalid = await client.post('/members/forms').json({ username: 'x' })
    assertConforms(assert, 'post', '/members/forms', invalid, 422)

    const free = await client.post('/members/validation').json({ username: 'conform_free' })
    assertConforms(assert, 'post', '/members/validation', free, 200)
    const taken = await client.post('/members/validation').json({ username: 'CONFORM_A' })
    assertConforms(assert, 'post', '/members/validation', taken, 409)

    const wrong = await client
      .post('/members/login')
      .json({ username: 'conform_a', password: 'wrong password!' })
    assertConforms(assert, 'post', '/members/login', wrong, 401)
    const login = await client
      .post('/members/login')
      .json({ username: 'conform_a', password: 'correct horse battery' })
    assertConforms(assert, 'post', '/members/login', login, 200)
    const { access_token: accessToken, refresh_token: refreshToken } = login.body()

    const me = await client.get('/members/me').bearerToken(accessToken)
    assertConforms(assert, 'get', '/members/me', me, 200)
    assertConforms(assert, 'get', '/members/me', await client.get('/members/me'), 401)

    const refreshed = await client.post('/members/tokens').json({ refresh_token: refreshToken })
    assertConforms(assert, 'post', '/members/tokens', refreshed, 200)
    const reused = await client.post('/members/tokens').json({ refresh_token: refreshToken })
    assertConforms(assert, 'post', '/members/tokens', reused, 401)

    const again = await client
      .post('/members/login')
      .json({ username: 'conform_a', password: 'correct horse battery' })
    const token = again.body().access_token
    const logout = await client.post('/members/logout').bearerToken(token)
    assertConforms(assert, 'post', '/members/logout', logout, 200)

    const last = await client
      .post('/members/login')
      .json({ username: 'conform_a', password: 'correct horse battery' })
    const userId = created.body().user_id
    const deleted = await client.delete(`/members/${userId}`).bearerToken(last.body().access_token)
    assertConforms(assert, 'delete', '/members/{id}', deleted, 200)
  })

  test('operations and errors', async ({ client, assert }) => {
    assertConforms(assert, 'get', '/health/live', await client.get('/health/live'), 200)
    assertConforms(assert, 'get', '/health/ready', await client.get('/health/ready'), 200)
    assertConforms(assert, 'get', '/openapi.json', await client.get('/openapi.json'), 200)
    const unknownMember = await client.delete('/members/999999')
    assertConforms(assert, 'delete', '/members/{id}', unknownMember, 401)
  })
})
