import { test } from '@japa/runner'
import { refreshReuse } from '#auth/auth_sessions'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { openApiDocument } from '../../app/openapi/document.js'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { resolveRef } from '#tests/helpers/openapi'
import { withRealCommits } from '#tests/helpers/database'

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
  const documented = resolveRef(doc, operation.responses[String(expectedStatus)])
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
  group.each.setup(withRealCommits)

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
    /* Within the reuse leeway the same pair again; after it (leeway 0 here), reuse is 401. */
    const replayed = await client.post('/members/tokens').json({ refresh_token: refreshToken })
    assertConforms(assert, 'post', '/members/tokens', replayed, 200)
    const leeway = refreshReuse.leewaySeconds
    refreshReuse.leewaySeconds = 0
    const reused = await client
      .post('/members/tokens')
      .json({ refresh_token: refreshToken })
      .finally(() => {
        refreshReuse.leewaySeconds = leeway
      })
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

test.group('OpenAPI conformance: contract §1 input rules', (group) => {
  group.each.setup(withRealCommits)

  test('400 for a path or body that does not decode, 415, 422 on NUL, 404 per id', async ({
    client,
    assert,
  }) => {
    assertConforms(assert, 'get', '/posts/{id}', await client.get('/posts/%ZZ'), 400)
    const gzip = await client
      .post('/members/login')
      .header('Content-Encoding', 'gzip')
      .unsafeJson('{}')
    assertConforms(assert, 'post', '/members/login', gzip, 400)
    const unknownEncoding = await client
      .post('/members/forms')
      .header('Content-Encoding', 'compress')
      .unsafeJson('{}')
    assertConforms(assert, 'post', '/members/forms', unknownEncoding, 415)
    const nul = await client.get('/posts').qs({ q: '\u0000' })
    assertConforms(assert, 'get', '/posts', nul, 422)
    const ingredientsNul = await client.get('/posts/forms/ingredients').qs({ q: '\u0000' })
    assertConforms(assert, 'get', '/posts/forms/ingredients', ingredientsNul, 422)
    assertConforms(assert, 'get', '/posts/{id}', await client.get('/posts/2147483647'), 404)
    assertConforms(assert, 'get', '/posts/{id}', await client.get('/posts/2147483648'), 404)

    await seedCatalogue()
    const first = await client.get('/posts/forms/ingredients')
    const cached = await client
      .get('/posts/forms/ingredients')
      .header('If-None-Match', first.header('etag') ?? '')
    assertConforms(assert, 'get', '/posts/forms/ingredients', cached, 304)

    const token = await loginAs(client, 'conform_ids')
    const comment = await client.put('/posts/comments/2147483647').bearerToken(token).json({
      content: '댓글',
    })
    assertConforms(assert, 'put', '/posts/comments/{id}', comment, 404)
    const member = await client.delete('/members/2147483647').bearerToken(token)
    assertConforms(assert, 'delete', '/members/{id}', member, 404)
  })
})

async function loginAs(client: ApiClient, username: string) {
  await signUp(client, username)
  const login = await client
    .post('/members/login')
    .json({ username, password: 'correct horse battery' })
  return login.body().access_token as string
}

test.group('OpenAPI conformance: recipes, likes and comments', (group) => {
  group.each.setup(withRealCommits)

  test('the recipe life cycle answers what the document says', async ({ client, assert }) => {
    await seedCatalogue()
    const author = await loginAs(client, 'conform_cook')
    const fan = await loginAs(client, 'conform_fan')

    const ingredients = await client.get('/posts/forms/ingredients')
    assertConforms(assert, 'get', '/posts/forms/ingredients', ingredients, 200)
    const [first, second] = ingredients.body().ingredients

    const form = {
      post: { title: '문서대로 김치찌개', content: '끓인다', servings: 2 },
      ingredients: [
        { id: first.id, quantity: 300 },
        { id: second.id, quantity: '1.5' },
      ],
    }
    const created = await client.post('/posts/forms').bearerToken(author).json(form)
    assertConforms(assert, 'post', '/posts/forms', created, 201)
    const postId = created.body().post_id
    assertConforms(
      assert,
      'post',
      '/posts/forms',
      await client.post('/posts/forms').json(form),
      401
    )
    const invalid = await client.post('/posts/forms').bearerToken(author).json({ post: {} })
    assertConforms(assert, 'post', '/posts/forms', invalid, 422)

    assertConforms(assert, 'get', '/posts', await client.get('/posts'), 200)
    const filtered = await client.get('/posts').qs({ q: '김치', sort: 'price_per_serving' })
    assertConforms(assert, 'get', '/posts', filtered, 200)
    assertConforms(assert, 'get', '/posts', await client.get('/posts').qs({ pageSize: 1000 }), 422)

    const detail = await client.get(`/posts/${postId}`).qs({ servings: 4 })
    assertConforms(assert, 'get', '/posts/{id}', detail, 200)
    assertConforms(assert, 'get', '/posts/{id}', await client.get('/posts/999999'), 404)
    const asOf = await client.get(`/posts/${postId}`).qs({ asOf: '2020-01-01', servings: 3 })
    assertConforms(assert, 'get', '/posts/{id}', asOf, 200)
    const costRange = { from: '2020-01-01', to: '2020-03-01', interval: 'week' }
    for (const path of ['/posts/{id}/costs', '/posts/{id}/costs.svg']) {
      const url = path.replace('{id}', String(postId))
      assertConforms(assert, 'get', path, await client.get(url).qs(costRange), 200)
      const bad = await client.get(url).qs({ ...costRange, interval: 'hour' })
      assertConforms(assert, 'get', path, bad, 422)
      const unknown = await client.get(path.replace('{id}', '999999'))
      assertConforms(assert, 'get', path, unknown, 404)
    }

    const edit = await client.get(`/posts/forms/${postId}`).bearerToken(author)
    assertConforms(assert, 'get', '/posts/forms/{id}', edit, 200)
    const notOwner = await client.get(`/posts/forms/${postId}`).bearerToken(fan)
    assertConforms(assert, 'get', '/posts/forms/{id}', notOwner, 403)
    const updated = await client.put(`/posts/forms/${postId}`).bearerToken(author).json(form)
    assertConforms(assert, 'put', '/posts/forms/{id}', updated, 200)

    const liked = await client.post(`/posts/${postId}/likes`).bearerToken(fan)
    assertConforms(assert, 'post', '/posts/{id}/likes', liked, 201)
    const again = await client.post(`/posts/${postId}/likes`).bearerToken(fan)
    assertConforms(assert, 'post', '/posts/{id}/likes', again, 409)
    const own = await client.post(`/posts/${postId}/likes`).bearerToken(author)
    assertConforms(assert, 'post', '/posts/{id}/likes', own, 403)
    const unliked = await client.delete(`/posts/${postId}/likes`).bearerToken(fan)
    assertConforms(assert, 'delete', '/posts/{id}/likes', unliked, 200)

    const comment = await client
      .post(`/posts/${postId}/comments`)
      .bearerToken(fan)
      .json({ content: '맛있어요' })
    assertConforms(assert, 'post', '/posts/{id}/comments', comment, 201)
    const commentId = comment.body().comment_id
    const edited = await client
      .put(`/posts/comments/${commentId}`)
      .bearerToken(fan)
      .json({ content: '정말 맛있어요' })
    assertConforms(assert, 'put', '/posts/comments/{id}', edited, 200)
    const byBody = await client
      .post('/posts/comments/likes')
      .bearerToken(author)
      .json({ comment_id: commentId })
    assertConforms(assert, 'post', '/posts/comments/likes', byBody, 201)
    const ownComment = await client.post(`/posts/comments/${commentId}/likes`).bearerToken(fan)
    assertConforms(assert, 'post', '/posts/comments/{id}/likes', ownComment, 403)
    const unlikeComment = await client
      .delete(`/posts/comments/${commentId}/likes`)
      .bearerToken(author)
    assertConforms(assert, 'delete', '/posts/comments/{id}/likes', unlikeComment, 200)

    const withComment = await client.get(`/posts/${postId}`).bearerToken(fan)
    assertConforms(assert, 'get', '/posts/{id}', withComment, 200)

    const removedComment = await client.delete(`/posts/comments/${commentId}`).bearerToken(fan)
    assertConforms(assert, 'delete', '/posts/comments/{id}', removedComment, 200)
    const removed = await client.delete(`/posts/${postId}`).bearerToken(author)
    assertConforms(assert, 'delete', '/posts/{id}', removed, 200)
  })
})

test.group('OpenAPI conformance: meal plans and shopping lists', (group) => {
  group.each.setup(withRealCommits)

  test('the plan life cycle answers what the document says', async ({ client, assert }) => {
    await seedCatalogue()
    const owner = await loginAs(client, 'conform_planner')
    const stranger = await loginAs(client, 'conform_stranger')
    const catalogue = await client.get('/posts/forms/ingredients')
    const ingredients = catalogue.body().ingredients
    const recipe = await client
      .post('/posts/forms')
      .bearerToken(owner)
      .json({
        post: { title: '식단용 찌개', content: '끓인다', servings: 2 },
        ingredients: [{ id: ingredients[0].id, quantity: 300 }],
      })
    const postId = recipe.body().post_id

    const form = {
      name: '문서대로 식단',
      budget: 10000,
      meals: [{ date: '2026-12-07', post_id: postId, servings: 3 }],
    }
    const created = await client.post('/plans').bearerToken(owner).json(form)
    assertConforms(assert, 'post', '/plans', created, 201)
    const planId = created.body().plan_id
    assertConforms(assert, 'post', '/plans', await client.post('/plans').json(form), 401)
    const invalid = await client.post('/plans').bearerToken(owner).json({ name: '' })
    assertConforms(assert, 'post', '/plans', invalid, 422)

    assertConforms(assert, 'get', '/plans', await client.get('/plans').bearerToken(owner), 200)
    const shown = await client.get(`/plans/${planId}`).bearerToken(owner)
    assertConforms(assert, 'get', '/plans/{id}', shown, 200)
    const hidden = await client.get(`/plans/${planId}`).bearerToken(stranger)
    assertConforms(assert, 'get', '/plans/{id}', hidden, 404)
    const list = await client.get(`/plans/${planId}/shopping-list`).bearerToken(owner)
    assertConforms(assert, 'get', '/plans/{id}/shopping-list', list, 200)
    const csv = await client
      .get(`/plans/${planId}/shopping-list`)
      .qs({ format: 'csv' })
      .bearerToken(owner)
    csv.assertStatus(200)
    /* The CSV answer is the document's text/csv content of the same 200. */
    const documented = doc.paths['/plans/{id}/shopping-list'].get.responses['200'].content
    assert.exists(documented['text/csv'])
    assert.match(csv.header('content-type') ?? '', /^text\/csv; charset=utf-8$/)
    assert.match(
      csv.header('content-disposition') ?? '',
      /^attachment; filename="plan-\d+\.csv"; filename\*=UTF-8''/
    )

    const updated = await client
      .put(`/plans/${planId}`)
      .bearerToken(owner)
      .json({ ...form, budget: null })
    assertConforms(assert, 'put', '/plans/{id}', updated, 200)
    const deleted = await client.delete(`/plans/${planId}`).bearerToken(owner)
    assertConforms(assert, 'delete', '/plans/{id}', deleted, 200)
    const gone = await client.delete(`/plans/${planId}`).bearerToken(owner)
    assertConforms(assert, 'delete', '/plans/{id}', gone, 404)
  })
})
