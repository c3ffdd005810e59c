import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import testUtils from '@adonisjs/core/services/test_utils'
import { TokenService, type TokenPair } from '#auth/token_service'
import { refreshReuse } from '#auth/auth_sessions'
import { createMember, DEFAULT_PASSWORD, issueTokens } from '#tests/helpers/auth'
import type Member from '#models/member'

const INVALID = { result: 'failed', message: '유효하지 않은 토큰' }
const REFRESH_FAILED = { result: 'failed', message: 'refresh failed' }

function b64(value: object) {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function payloadOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
}

async function tokenService() {
  return app.container.make(TokenService)
}

test.group('Tokens / access token verification', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  let member: Member
  let pair: TokenPair
  group.each.setup(async () => {
    member = await createMember()
    pair = await issueTokens(member)
  })

  test('a valid access token is accepted', async ({ client }) => {
    const response = await client.get('/members/me').bearerToken(pair.access.token)
    response.assertStatus(200)
  })

  test('alg: none is 401', async ({ client }) => {
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${pair.access.token.split('.')[1]}.`
    const response = await client.get('/members/me').bearerToken(forged)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('another algorithm (HS512 with the same claims) is 401', async ({ client }) => {
    const [, payload, signature] = pair.access.token.split('.')
    const forged = `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`
    const response = await client.get('/members/me').bearerToken(forged)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('a flipped signature byte is 401', async ({ client }) => {
    const [header, payload, signature] = pair.access.token.split('.')
    const bytes = Buffer.from(signature, 'base64url')
    bytes[0] ^= 0x01
    const forged = `${header}.${payload}.${bytes.toString('base64url')}`
    const response = await client.get('/members/me').bearerToken(forged)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('a tampered payload (other member) is 401', async ({ client }) => {
    const other = await createMember()
    const [header, , signature] = pair.access.token.split('.')
    const payload = b64({ ...payloadOf(pair.access.token), sub: String(other.id) })
    const response = await client
      .get('/members/me')
      .bearerToken(`${header}.${payload}.${signature}`)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('an expired access token is 401', async ({ client }) => {
    const service = await tokenService()
    const claims = pair.access.claims
    const expired = await service.sign(
      { memberId: member.id, username: member.username, sid: claims.sid, typ: 'access' },
      Math.floor(Date.now() / 1000) - 3600,
      { jti: claims.jti, csrf: claims.csrf }
    )
    const response = await client.get('/members/me').bearerToken(expired.token)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('a token signed with another secret is 401', async ({ client }) => {
    const claims = pair.access.claims
    const foreign = TokenService.fromEnvironment({
      nodeEnv: 'test',
      appKey: 'x',
      jwtSecret: 'another-secret-another-secret-another-secret',
    })
    const token = await foreign.sign(
      { memberId: member.id, username: member.username, sid: claims.sid, typ: 'access' },
      undefined,
      { jti: claims.jti, csrf: claims.csrf }
    )
    const response = await client.get('/members/me').bearerToken(token.token)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('a token of another issuer or audience is 401', async ({ client }) => {
    const claims = pair.access.claims
    for (const options of [{ issuer: 'someone-else' }, { audience: 'another-app' }]) {
      const foreign = TokenService.fromEnvironment({
        nodeEnv: 'test',
        appKey: env.get('APP_KEY').release(),
        ...options,
      })
      const token = await foreign.sign(
        { memberId: member.id, username: member.username, sid: claims.sid, typ: 'access' },
        undefined,
        { jti: claims.jti, csrf: claims.csrf }
      )
      const response = await client.get('/members/me').bearerToken(token.token)
      response.assertStatus(401)
      response.assertBody(INVALID)
    }
    /* Same key, same issuer and audience: accepted (so the 401s above are about iss/aud). */
    const same = TokenService.fromEnvironment({
      nodeEnv: 'test',
      appKey: env.get('APP_KEY').release(),
    })
    const token = await same.sign(
      { memberId: member.id, username: member.username, sid: claims.sid, typ: 'access' },
      undefined,
      { jti: claims.jti, csrf: claims.csrf }
    )
    const accepted = await client.get('/members/me').bearerToken(token.token)
    accepted.assertStatus(200)
  })

  test('a refresh token used as an access token is 401', async ({ client }) => {
    const response = await client.get('/members/me').bearerToken(pair.refresh.token)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('an access token used as a refresh token is 401 "refresh failed"', async ({ client }) => {
    const response = await client.post('/members/tokens').bearerToken(pair.access.token)
    response.assertStatus(401)
    response.assertBody(REFRESH_FAILED)
  })

  test('a non-Bearer Authorization header is 401', async ({ client }) => {
    const response = await client
      .get('/members/me')
      .header('Authorization', `Basic ${pair.access.token}`)
    response.assertStatus(401)
  })
})

test.group('Tokens / refresh and rotation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  /*
   * Reuse here is reuse after the leeway (contract §2); reuse within it is
   * tests/functional/auth/refresh_leeway.spec.ts.
   */
  const savedLeeway = refreshReuse.leewaySeconds
  group.setup(() => {
    refreshReuse.leewaySeconds = 0
    return () => {
      refreshReuse.leewaySeconds = savedLeeway
    }
  })

  let member: Member
  let pair: TokenPair
  group.each.setup(async () => {
    member = await createMember()
    pair = await issueTokens(member)
  })

  test('POST /members/tokens with a Bearer refresh token rotates the pair', async ({
    client,
    assert,
  }) => {
    const response = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    response.assertStatus(200)
    response.assertBodyContains({ result: 'success', message: 'refresh success', expires_in: 1800 })
    const body = response.body()
    for (const field of ['access_token', 'csrf_token', 'refresh_token', 'csrf_refresh_token']) {
      assert.isString(body[field])
    }
    assert.notEqual(body.access_token, pair.access.token)
    assert.notEqual(body.refresh_token, pair.refresh.token)
    assert.equal(payloadOf(body.access_token).sid, pair.access.claims.sid)
    const cookies = ([] as string[]).concat(response.header('set-cookie') ?? [])
    assert.lengthOf(
      cookies.filter((line) => /^(access|refresh)_token_cookie=|^csrf_/.test(line)),
      4
    )

    const me = await client.get('/members/me').bearerToken(body.access_token)
    me.assertStatus(200)
  })

  test('the refresh token may come in the body', async ({ client }) => {
    const response = await client
      .post('/members/tokens')
      .json({ refresh_token: pair.refresh.token })
    response.assertStatus(200)
    response.assertBodyContains({ message: 'refresh success' })
  })

  test('GET /members/tokens is an alias', async ({ client }) => {
    const response = await client.get('/members/tokens').bearerToken(pair.refresh.token)
    response.assertStatus(200)
    response.assertBodyContains({ message: 'refresh success' })
  })

  test('no refresh token is 401 "refresh failed"', async ({ client }) => {
    const response = await client.post('/members/tokens')
    response.assertStatus(401)
    response.assertBody(REFRESH_FAILED)
  })

  test('a garbage or expired refresh token is 401', async ({ client }) => {
    const service = await tokenService()
    const claims = pair.refresh.claims
    const expired = await service.sign(
      { memberId: member.id, username: member.username, sid: claims.sid, typ: 'refresh' },
      Math.floor(Date.now() / 1000) - 15 * 24 * 3600,
      { jti: claims.jti, csrf: claims.csrf }
    )
    for (const token of ['garbage', expired.token]) {
      const response = await client.post('/members/tokens').bearerToken(token)
      response.assertStatus(401)
      response.assertBody(REFRESH_FAILED)
    }
    /* Neither failure counted as reuse: the real pair still works. */
    const ok = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    ok.assertStatus(200)
  })

  test('the old access token fails after a refresh', async ({ client }) => {
    const refreshed = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    refreshed.assertStatus(200)
    const old = await client.get('/members/me').bearerToken(pair.access.token)
    old.assertStatus(401)
    old.assertBody(INVALID)
  })

  test('reusing a rotated refresh token is 401 and revokes the new pair too', async ({
    client,
  }) => {
    const first = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    first.assertStatus(200)
    const next = first.body()

    const reuse = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    reuse.assertStatus(401)
    reuse.assertBody(REFRESH_FAILED)

    const newAccess = await client.get('/members/me').bearerToken(next.access_token)
    newAccess.assertStatus(401)
    const newRefresh = await client.post('/members/tokens').bearerToken(next.refresh_token)
    newRefresh.assertStatus(401)
    newRefresh.assertBody(REFRESH_FAILED)
  })

  test('reuse revokes only that session, not the member’s others', async ({ client }) => {
    const otherSession = await issueTokens(member)
    await client.post('/members/tokens').bearerToken(pair.refresh.token)
    const reuse = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    reuse.assertStatus(401)
    const me = await client.get('/members/me').bearerToken(otherSession.access.token)
    me.assertStatus(200)
  })
})

test.group('Tokens / logout', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('logout revokes the session and clears the cookies', async ({ client, assert }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    const other = await issueTokens(member)

    const response = await client.post('/members/logout').bearerToken(pair.access.token)
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '로그아웃 성공' })
    const cookies = ([] as string[]).concat(response.header('set-cookie') ?? [])
    for (const name of [
      'access_token_cookie',
      'refresh_token_cookie',
      'csrf_access_token',
      'csrf_refresh_token',
    ]) {
      const line = cookies.find((cookie) => cookie.startsWith(`${name}=`))
      assert.exists(line, name)
      assert.match(line!, /Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    }

    const me = await client.get('/members/me').bearerToken(pair.access.token)
    me.assertStatus(401)
    const refresh = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    refresh.assertStatus(401)
    refresh.assertBody(REFRESH_FAILED)

    /* The member's other session is untouched. */
    const stillIn = await client.get('/members/me').bearerToken(other.access.token)
    stillIn.assertStatus(200)
  })

  test('logout?all=true revokes every session of the member', async ({ client }) => {
    const member = await createMember()
    const bystander = await createMember()
    const sessions = [
      await issueTokens(member),
      await issueTokens(member),
      await issueTokens(member),
    ]
    const bystanderSession = await issueTokens(bystander)

    const response = await client
      .post('/members/logout')
      .qs({ all: 'true' })
      .bearerToken(sessions[0].access.token)
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '로그아웃 성공' })

    for (const pair of sessions) {
      const me = await client.get('/members/me').bearerToken(pair.access.token)
      me.assertStatus(401)
      const refresh = await client.post('/members/tokens').bearerToken(pair.refresh.token)
      refresh.assertStatus(401)
    }
    const other = await client.get('/members/me').bearerToken(bystanderSession.access.token)
    other.assertStatus(200)
  })

  test('logout without a token is 401', async ({ client }) => {
    const response = await client.post('/members/logout')
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: '인증이 필요합니다' })
  })

  test('a login after logout gets a fresh, working session', async ({ client }) => {
    const member = await createMember()
    const login = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    await client.post('/members/logout').bearerToken(login.body().access_token)
    const again = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    again.assertStatus(200)
    const me = await client.get('/members/me').bearerToken(again.body().access_token)
    me.assertStatus(200)
  })
})
