import { gzipSync } from 'node:zlib'
import { test } from '@japa/runner'
import type { ApiResponse } from '@japa/api-client'
import { withRealCommits } from '#tests/helpers/database'
import db from '@adonisjs/lucid/services/db'
import type { Assert } from '@japa/assert'
import { catalogue, makeMember, makeRecipe, recipeWithComment } from '#tests/helpers/recipes'

/*
 * Contract §1 "Input rules (v1.1)": bad text, loose numbers, bodies that do
 * not decode, malformed paths and ids answer 4xx in the envelope, on both
 * databases, and write nothing.
 */

const HANGUL = /[\uAC00-\uD7A3]/

/* A 422 naming exactly these fields (in any order), every message in Korean. */
function assertInvalid(response: ApiResponse, assert: Assert, fields: string[], rule?: string) {
  response.assertStatus(422)
  const body = response.body()
  assert.equal(body.result, 'failed')
  assert.equal(body.message, '입력값이 올바르지 않음')
  const errors = body.errors as { field: string; rule: string; message: string }[]
  assert.sameMembers(
    errors.map((error) => error.field),
    fields,
    JSON.stringify(errors)
  )
  for (const error of errors) {
    assert.match(error.message, HANGUL, JSON.stringify(error))
    if (rule) {
      assert.equal(error.rule, rule, JSON.stringify(error))
    }
  }
}

const TABLES = ['members', 'posts', 'comments', 'comment_likes']
let baseline: Record<string, number> = {}

async function total(table: string) {
  const row = await db.from(table).count('* as total').first()
  return Number(row?.total ?? 0)
}

/* Rows this test added to `table` (other suites may leave committed rows behind). */
async function count(table: string) {
  return (await total(table)) - (baseline[table] ?? 0)
}

async function takeBaseline() {
  baseline = Object.fromEntries(
    await Promise.all(TABLES.map(async (table) => [table, await total(table)] as const))
  )
}

test.group('Input rules: NUL and lone surrogates are 422 on their field', (group) => {
  group.each.setup(withRealCommits)
  group.each.setup(takeBaseline)

  test('login, sign-up and the username check', async ({ client, assert }) => {
    const login = await client.post('/members/login').json({ username: 'a\u0000', password: 'x' })
    assertInvalid(login, assert, ['username'], 'text')

    const signUp = await client
      .post('/members/forms')
      .unsafeJson('{"username":"kim_nul","password":"long-enough-1","email":"\\ud800@ex.test"}')
    assertInvalid(signUp, assert, ['email'], 'text')
    const password = await client
      .post('/members/forms')
      .json({ username: 'kim_nul', password: 'long-enough\u0000', email: 'kim@ex.test' })
    assertInvalid(password, assert, ['password'], 'text')
    assert.equal(await count('members'), 0)

    const check = await client.post('/members/validation').unsafeJson('{"username":"kim\\udc00"}')
    assertInvalid(check, assert, ['username'], 'text')
  })

  test('query parameters: q and author of GET /posts, q of the catalogue', async ({
    client,
    assert,
  }) => {
    const author = await makeMember()
    await makeRecipe(author, { title: '김치찌개' })
    await catalogue()

    assertInvalid(await client.get('/posts').qs({ q: '\u0000' }), assert, ['q'], 'text')
    assertInvalid(await client.get('/posts').qs({ q: '김치\u0000' }), assert, ['q'], 'text')
    assertInvalid(await client.get('/posts').qs({ author: '\u0000' }), assert, ['author'], 'text')
    assertInvalid(
      await client.get('/posts/forms/ingredients').qs({ q: '\u0000' }),
      assert,
      ['q'],
      'text'
    )

    /* The same searches without the NUL still answer. */
    const found = await client.get('/posts').qs({ q: '김치' })
    found.assertStatus(200)
    assert.lengthOf(found.body().posts, 1)
  })

  test('recipe title and content; nothing is written', async ({ client, assert }) => {
    const member = await makeMember()
    const response = await client
      .post('/posts/forms')
      .unsafeJson('{"post":{"title":"김치\\u0000찌개","content":"끓인다\\ud83d","servings":1}}')
      .loginAs(member)
    assertInvalid(response, assert, ['post.title', 'post.content'], 'text')
    assert.equal(await count('posts'), 0)

    const postId = await makeRecipe(member)
    const update = await client
      .put(`/posts/forms/${postId}`)
      .json({ post: { title: '\u0000', content: '내용' } })
      .loginAs(member)
    assertInvalid(update, assert, ['post.title'], 'text')
    const row = await db.from('posts').where('id', postId).select('title').firstOrFail()
    assert.equal(row.title, '김치찌개')
  })

  test('comments, created and edited', async ({ client, assert }) => {
    const { commenter, postId, commentId } = await recipeWithComment('원래 댓글')
    const created = await client
      .post(`/posts/${postId}/comments`)
      .json({ content: '맛\u0000있어요' })
      .loginAs(commenter)
    assertInvalid(created, assert, ['content'], 'text')

    const edited = await client
      .put(`/posts/comments/${commentId}`)
      .unsafeJson('{"content":"\\udfff"}')
      .loginAs(commenter)
    assertInvalid(edited, assert, ['content'], 'text')

    const rows = await db.from('comments').where('post_id', postId).select('content')
    assert.deepEqual(
      rows.map((row) => row.content),
      ['원래 댓글']
    )
  })
})

test.group('Input rules: a number is a JSON number or a plain decimal string', (group) => {
  group.each.setup(withRealCommits)
  group.each.setup(takeBaseline)

  test('servings of a recipe: "0x10", "1e3", true, [1], {} and {"toString":"x"} are 422', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    for (const servings of [
      '"0x10"',
      '"1e3"',
      '"12abc"',
      'true',
      '[1]',
      '{}',
      '{"toString":"x"}',
    ]) {
      const response = await client
        .post('/posts/forms')
        .unsafeJson(`{"post":{"title":"찌개","content":"끓인다","servings":${servings}}}`)
        .loginAs(member)
      assertInvalid(response, assert, ['post.servings'])
    }
    assert.equal(await count('posts'), 0)

    const decimalText = await client
      .post('/posts/forms')
      .json({ post: { title: '찌개', content: '끓인다', servings: '4' } })
      .loginAs(member)
    decimalText.assertStatus(201)
    const row = await db.from('posts').select('servings').firstOrFail()
    assert.equal(Number(row.servings), 4)
  })

  test('ingredient ids: true, "0x1", [1] and {"toString":"x"} are 422', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const ids = await catalogue()
    for (const id of ['true', '"0x1"', '[1]', '{"toString":"x"}', '"1e0"']) {
      const response = await client
        .post('/posts/forms')
        .unsafeJson(
          `{"post":{"title":"찌개","content":"끓인다"},"ingredients":[{"id":${id},"quantity":1}]}`
        )
        .loginAs(member)
      assertInvalid(response, assert, ['ingredients.0.id'])
    }
    assert.equal(await count('posts'), 0)

    const asText = await client
      .post('/posts/forms')
      .json({
        post: { title: '찌개', content: '끓인다' },
        ingredients: [{ id: String(ids['양파']), quantity: '100' }],
      })
      .loginAs(member)
    asText.assertStatus(201)
  })

  test('comment_id of POST /posts/comments/likes: true does not like comment 1', async ({
    client,
    assert,
  }) => {
    const { author, commentId } = await recipeWithComment()
    for (const commentIdJson of [
      'true',
      '[1]',
      '{"toString":"x"}',
      `"0x${commentId.toString(16)}"`,
    ]) {
      const response = await client
        .post('/posts/comments/likes')
        .unsafeJson(`{"comment_id":${commentIdJson}}`)
        .loginAs(author)
      assertInvalid(response, assert, ['comment_id'])
    }
    assert.equal(await count('comment_likes'), 0)

    const liked = await client
      .post('/posts/comments/likes')
      .json({ comment_id: String(commentId) })
      .loginAs(author)
    liked.assertStatus(201)
    liked.assertBody({ result: 'success', message: '댓글 좋아요 성공', like: 1 })
  })

  test('query numbers: pageNo, pageSize, maxPrice and servings', async ({ client, assert }) => {
    const author = await makeMember()
    const postId = await makeRecipe(author)
    assertInvalid(await client.get('/posts').qs({ pageNo: '0x1' }), assert, ['pageNo'], 'number')
    assertInvalid(await client.get('/posts').qs({ pageSize: '1e1' }), assert, ['pageSize'])
    assertInvalid(await client.get('/posts').qs({ maxPrice: 'true' }), assert, ['maxPrice'])
    assertInvalid(
      await client.get(`/posts/${postId}`).qs({ servings: '0x2' }),
      assert,
      ['servings'],
      'number'
    )

    const page = await client.get('/posts').qs({ pageNo: '1', pageSize: '5', maxPrice: '100000' })
    page.assertStatus(200)
    assert.include(page.body(), { pageNo: 1, pageSize: 5, total: 1 })
    const scaled = await client.get(`/posts/${postId}`).qs({ servings: '2' })
    scaled.assertStatus(200)
    assert.equal(scaled.body().post.servings, 2)
  })
})

test.group('Input rules: bodies that are not objects, bodies that do not decode', (group) => {
  group.each.setup(withRealCommits)
  group.each.setup(takeBaseline)

  test('a refresh whose JSON body is null, a list or a string has no token: 401', async ({
    client,
  }) => {
    for (const body of ['null', '[1]', '"x"', '1']) {
      const response = await client.post('/members/tokens').unsafeJson(body)
      response.assertStatus(401)
      response.assertBody({ result: 'failed', message: 'refresh failed' })
    }
  })

  test('Content-Encoding that does not decode is 400, an unknown one 415', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const garbage: [string, string][] = [
      ['gzip', '{}'],
      ['deflate', '{"content":"x"}'],
      ['br', '{}'],
    ]
    for (const [encoding, body] of garbage) {
      for (const request of [
        client.post('/members/login'),
        client.post('/posts/forms').loginAs(member),
      ]) {
        const response = await request.header('Content-Encoding', encoding).unsafeJson(body)
        response.assertStatus(400)
        response.assertBody({ result: 'failed', message: '잘못된 요청 형식' })
        assert.isString(response.header('x-request-id'))
      }
    }

    /* Raw bytes: the API client would serialise a Buffer as JSON. */
    const send = (encoding: string, bytes: Buffer) =>
      fetch(`http://${process.env.HOST}:${process.env.PORT}/members/validation`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        body: bytes,
      })
    const json = Buffer.from('{"username":"kim_gz"}')
    const cut = await send('gzip', gzipSync(json).subarray(0, 12))
    assert.equal(cut.status, 400)
    assert.deepEqual(await cut.json(), { result: 'failed', message: '잘못된 요청 형식' })

    const unknown = await client
      .post('/members/login')
      .header('Content-Encoding', 'compress')
      .unsafeJson('{}')
    unknown.assertStatus(415)
    unknown.assertBody({ result: 'failed', message: '지원하지 않는 형식' })

    /* A body that decodes is read as usual. */
    const valid = await send('gzip', gzipSync(json))
    assert.equal(valid.status, 200)
    assert.deepEqual(await valid.json(), {
      result: 'success',
      message: '사용 가능한 아이디입니다.',
    })
    assert.equal(await count('posts'), 0)
  })
})

test.group('Input rules: paths and ids', (group) => {
  group.each.setup(withRealCommits)
  group.each.setup(takeBaseline)

  test('a path that does not percent-decode is 400 in the envelope with X-Request-Id', async ({
    client,
    assert,
  }) => {
    for (const path of ['/posts/%ZZ', '/posts/%E0%A4%A', '/members/%C0%80x']) {
      const response = await client.get(path).header('X-Request-Id', 'trace-bad-url')
      response.assertStatus(400)
      response.assertBody({ result: 'failed', message: '잘못된 요청 형식' })
      assert.match(response.header('content-type') ?? '', /^application\/json/)
      assert.equal(response.header('x-request-id'), 'trace-bad-url')
    }
    const generated = await client.get('/posts/%ZZ')
    assert.match(generated.header('x-request-id') ?? '', /^[\w.:-]{8,128}$/)
  })

  test("a well-formed id that names nothing is the resource's 404", async ({ client }) => {
    const member = await makeMember()
    const max = 2_147_483_647
    const expectations: [ReturnType<typeof client.get>, string][] = [
      [client.get('/posts/2147483453'), '존재하지 않는 레시피'],
      [client.get(`/posts/${max}`), '존재하지 않는 레시피'],
      [client.get(`/posts/forms/${max}`).loginAs(member), '존재하지 않는 레시피'],
      [
        client
          .put(`/posts/forms/${max}`)
          .json({ post: { title: 't', content: 'c' } })
          .loginAs(member),
        '존재하지 않는 레시피',
      ],
      [client.delete(`/posts/${max}`).loginAs(member), '존재하지 않는 레시피'],
      [client.post(`/posts/${max}/likes`).loginAs(member), '존재하지 않는 레시피'],
      [client.delete(`/posts/${max}/likes`).loginAs(member), '존재하지 않는 레시피'],
      [
        client.post(`/posts/${max}/comments`).json({ content: '댓글' }).loginAs(member),
        '존재하지 않는 레시피',
      ],
      [
        client.put(`/posts/comments/${max}`).json({ content: '댓글' }).loginAs(member),
        '존재하지 않는 댓글',
      ],
      [client.delete(`/posts/comments/${max}`).loginAs(member), '존재하지 않는 댓글'],
      [client.post(`/posts/comments/${max}/likes`).loginAs(member), '존재하지 않는 댓글'],
      [client.delete(`/posts/comments/${max}/likes`).loginAs(member), '존재하지 않는 댓글'],
      [
        client.post('/posts/comments/likes').json({ comment_id: max }).loginAs(member),
        '존재하지 않는 댓글',
      ],
      [client.delete(`/members/${max}`).loginAs(member), '존재하지 않는 회원'],
    ]
    for (const [request, message] of expectations) {
      const response = await request
      response.assertStatus(404)
      response.assertBody({ result: 'failed', message })
    }
  })

  test('anything else in an id slot is 404 "존재하지 않는 경로", on every route', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const postId = await makeRecipe(member)
    for (const id of ['2147483648', '9999999999', '0', '01', '-1', '1.5', '1e3', 'abc', '%00']) {
      const requests = [
        client.get(`/posts/${id}`),
        client.get(`/posts/forms/${id}`).loginAs(member),
        client.delete(`/posts/${id}`).loginAs(member),
        client.post(`/posts/${id}/likes`).loginAs(member),
        client.post(`/posts/${id}/comments`).json({ content: '댓글' }).loginAs(member),
        client.put(`/posts/comments/${id}`).json({ content: '댓글' }).loginAs(member),
        client.delete(`/posts/comments/${id}/likes`).loginAs(member),
        client.delete(`/members/${id}`).loginAs(member),
      ]
      for (const request of requests) {
        const response = await request
        response.assertStatus(404)
        response.assertBody({ result: 'failed', message: '존재하지 않는 경로' })
      }
    }
    /* Nothing was deleted on the way. */
    assert.equal(await count('members'), 1)
    assert.equal(await count('posts'), 1)
    const mine = await client.get(`/posts/${postId}`)
    mine.assertStatus(200)
  })
})

test.group('Input rules: every errors[].message is Korean', (group) => {
  group.each.setup(withRealCommits)
  group.each.setup(takeBaseline)

  test('member validators', async ({ client, assert }) => {
    assertInvalid(await client.post('/members/forms').json({}), assert, [
      'username',
      'password',
      'email',
    ])
    assertInvalid(
      await client
        .post('/members/forms')
        .json({ username: 'a b', password: 'short', email: 'not-an-email' }),
      assert,
      ['username', 'password', 'email']
    )
    assertInvalid(
      await client.post('/members/forms').json({ username: 12, password: ['x'], email: true }),
      assert,
      ['username', 'password', 'email']
    )
    assertInvalid(await client.post('/members/validation').json({}), assert, ['username'])
    assertInvalid(await client.post('/members/login').json({}), assert, ['username', 'password'])
    const email = await client
      .post('/members/forms')
      .json({ username: 'kim_ko', password: 'long-enough-1', email: 'nope' })
    assertInvalid(email, assert, ['email'], 'email')
    assert.equal(email.body().errors[0].message, 'email 값은 올바른 이메일 주소여야 함')
  })
})
