import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createMember, DEFAULT_PASSWORD, cookieHeader, issueTokens } from '#tests/helpers/auth'

const CSRF_FAILED = { result: 'failed', message: 'CSRF 토큰이 유효하지 않음' }

/* Parses Set-Cookie lines into name → { value, attributes }. */
function setCookies(header: string | string[] | undefined) {
  const cookies = new Map<string, { value: string; attributes: string }>()
  for (const line of ([] as string[]).concat(header ?? [])) {
    const [pair, ...attributes] = line.split(';')
    const index = pair.indexOf('=')
    cookies.set(pair.slice(0, index), {
      value: pair.slice(index + 1),
      attributes: attributes.join(';').toLowerCase(),
    })
  }
  return cookies
}

test.group('Cookie mode and CSRF', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('login sets the four cookies with the contract flags', async ({ client, assert }) => {
    const member = await createMember()
    const response = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    response.assertStatus(200)
    const body = response.body()
    const cookies = setCookies(response.header('set-cookie'))

    assert.equal(cookies.get('access_token_cookie')?.value, body.access_token)
    assert.equal(cookies.get('refresh_token_cookie')?.value, body.refresh_token)
    assert.equal(cookies.get('csrf_access_token')?.value, body.csrf_token)
    assert.equal(cookies.get('csrf_refresh_token')?.value, body.csrf_refresh_token)
    for (const [name, cookie] of cookies) {
      assert.include(cookie.attributes, 'samesite=lax', name)
      assert.include(cookie.attributes, 'path=/', name)
      /* COOKIE_SECURE=false in .env.test. */
      assert.notInclude(cookie.attributes, 'secure', name)
      if (name.startsWith('csrf_')) {
        assert.notInclude(cookie.attributes, 'httponly', name)
      } else {
        assert.include(cookie.attributes, 'httponly', name)
      }
    }
  })

  test('a GET authenticates with the cookie alone', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    const response = await client.get('/members/me').header('Cookie', cookieHeader(pair))
    response.assertStatus(200)
  })

  test('a POST in cookie mode without X-CSRF-Token is 403', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    const response = await client.post('/members/logout').header('Cookie', cookieHeader(pair))
    response.assertStatus(403)
    response.assertBody(CSRF_FAILED)
  })

  test('a POST in cookie mode with a wrong X-CSRF-Token is 403', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    for (const wrong of ['wrong', pair.refresh.claims.csrf, `${pair.access.claims.csrf}x`]) {
      const response = await client
        .post('/members/logout')
        .header('Cookie', cookieHeader(pair))
        .header('X-CSRF-Token', wrong)
      response.assertStatus(403)
      response.assertBody(CSRF_FAILED)
    }
    /* The session survived the refused attempts. */
    const me = await client.get('/members/me').header('Cookie', cookieHeader(pair))
    me.assertStatus(200)
  })

  test('a POST in cookie mode with the right X-CSRF-Token succeeds', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    const response = await client
      .post('/members/logout')
      .header('Cookie', cookieHeader(pair))
      .header('X-CSRF-Token', pair.access.claims.csrf)
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '로그아웃 성공' })
  })

  test('a DELETE in cookie mode needs the CSRF header too', async ({ client, assert }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    const refused = await client
      .delete(`/members/${member.id}`)
      .header('Cookie', cookieHeader(pair))
    refused.assertStatus(403)
    const accepted = await client
      .delete(`/members/${member.id}`)
      .header('Cookie', cookieHeader(pair))
      .header('X-CSRF-Token', pair.access.claims.csrf)
    accepted.assertStatus(200)
    assert.equal(accepted.body().user_id, member.id)
  })

  test('Bearer mode needs no CSRF header', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    const response = await client.post('/members/logout').bearerToken(pair.access.token)
    response.assertStatus(200)
  })

  test('a Bearer header wins over the cookie', async ({ client }) => {
    const pair = await issueTokens(await createMember())
    const other = await issueTokens(await createMember())
    const response = await client
      .post('/members/logout')
      .header('Cookie', cookieHeader(other))
      .bearerToken(pair.access.token)
    response.assertStatus(200)
    const stillIn = await client.get('/members/me').header('Cookie', cookieHeader(other))
    stillIn.assertStatus(200)
  })

  test('refresh from the cookie needs X-CSRF-Token = csrf_refresh_token', async ({
    client,
    assert,
  }) => {
    const pair = await issueTokens(await createMember())
    const cookie = `refresh_token_cookie=${pair.refresh.token}; csrf_refresh_token=${pair.refresh.claims.csrf}`

    const missing = await client.post('/members/tokens').header('Cookie', cookie)
    missing.assertStatus(403)
    missing.assertBody(CSRF_FAILED)

    const wrong = await client
      .post('/members/tokens')
      .header('Cookie', cookie)
      .header('X-CSRF-Token', pair.access.claims.csrf)
    wrong.assertStatus(403)

    const right = await client
      .post('/members/tokens')
      .header('Cookie', cookie)
      .header('X-CSRF-Token', pair.refresh.claims.csrf)
    right.assertStatus(200)
    right.assertBodyContains({ result: 'success', message: 'refresh success' })
    const cookies = setCookies(right.header('set-cookie'))
    assert.equal(cookies.get('access_token_cookie')?.value, right.body().access_token)
    assert.equal(cookies.get('csrf_refresh_token')?.value, right.body().csrf_refresh_token)

    /* The GET alias follows the same rule. */
    const next = `refresh_token_cookie=${right.body().refresh_token}`
    const getAlias = await client
      .get('/members/tokens')
      .header('Cookie', next)
      .header('X-CSRF-Token', right.body().csrf_refresh_token)
    getAlias.assertStatus(200)
  })

  test('a cookie refresh with an invalid token is 401 "refresh failed"', async ({ client }) => {
    const response = await client
      .post('/members/tokens')
      .header('Cookie', 'refresh_token_cookie=garbage')
      .header('X-CSRF-Token', 'whatever')
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: 'refresh failed' })
  })
})
