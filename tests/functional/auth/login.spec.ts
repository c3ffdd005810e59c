import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createMember, DEFAULT_PASSWORD } from '#tests/helpers/auth'

const LOGIN_FAILED = {
  result: 'failed',
  message: '등록되지 않은 아이디거나 비밀번호가 일치하지 않음',
}

test.group('Login', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('answers the member and the tokens, "로그인 성공"', async ({ client, assert }) => {
    const member = await createMember({ username: '라면왕' })
    const response = await client
      .post('/members/login')
      .json({ username: '라면왕', password: DEFAULT_PASSWORD })
    response.assertStatus(200)
    response.assertBodyContains({
      result: 'success',
      message: '로그인 성공',
      user_id: member.id,
      username: '라면왕',
      expires_in: 1800,
    })
    const body = response.body()
    assert.sameMembers(Object.keys(body), [
      'result',
      'message',
      'user_id',
      'username',
      'access_token',
      'csrf_token',
      'refresh_token',
      'csrf_refresh_token',
      'expires_in',
    ])
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString())
    assert.equal(claims.sub, String(member.id))
    assert.equal(claims.typ, 'access')
    assert.equal(claims.csrf, body.csrf_token)
    assert.equal(claims.exp - claims.iat, 1800)
    assert.properties(claims, ['username', 'jti', 'sid', 'iss', 'aud'])
    const refresh = JSON.parse(
      Buffer.from(body.refresh_token.split('.')[1], 'base64url').toString()
    )
    assert.equal(refresh.typ, 'refresh')
    assert.equal(refresh.sid, claims.sid)
    assert.equal(refresh.exp - refresh.iat, 14 * 24 * 3600)
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString())
    assert.equal(header.alg, 'HS256')
  })

  test('the username matches case-insensitively', async ({ client }) => {
    await createMember({ username: 'MixedCase' })
    const response = await client
      .post('/members/login')
      .json({ username: 'mixedcase', password: DEFAULT_PASSWORD })
    response.assertStatus(200)
    response.assertBodyContains({ username: 'MixedCase' })
  })

  test('a wrong password is 401 with the contract message', async ({ client }) => {
    const member = await createMember()
    const response = await client
      .post('/members/login')
      .json({ username: member.username, password: 'wrong-password' })
    response.assertStatus(401)
    response.assertBody(LOGIN_FAILED)
  })

  test('an unknown username is the same 401', async ({ client }) => {
    const response = await client
      .post('/members/login')
      .json({ username: 'nobody-here', password: 'whatever-password' })
    response.assertStatus(401)
    response.assertBody(LOGIN_FAILED)
  })

  test('unknown user and wrong password take comparable time', async ({ client, assert }) => {
    const member = await createMember()
    const time = async (username: string) => {
      const started = process.hrtime.bigint()
      const response = await client
        .post('/members/login')
        .json({ username, password: 'wrong-password' })
      response.assertStatus(401)
      return Number(process.hrtime.bigint() - started) / 1e6
    }
    /* Warm both paths (the dummy hash is made on first use). */
    await time('nobody-here')
    await time(member.username)
    const unknown: number[] = []
    const wrong: number[] = []
    for (let i = 0; i < 5; i++) {
      unknown.push(await time('nobody-here'))
      wrong.push(await time(member.username))
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[2]
    const ratio = median(unknown) / median(wrong)
    /*
     * Lenient bounds (the machine is shared): without the dummy hash the
     * unknown-user path is a single indexed query, a ratio well under 0.1.
     */
    assert.isAbove(ratio, 0.33, `unknown ${median(unknown)}ms vs wrong ${median(wrong)}ms`)
    assert.isBelow(ratio, 3, `unknown ${median(unknown)}ms vs wrong ${median(wrong)}ms`)
  })

  test('missing fields are 422', async ({ client, assert }) => {
    const response = await client.post('/members/login').json({ username: 'x' })
    response.assertStatus(422)
    assert.deepEqual(
      response.body().errors.map((error: { field: string }) => error.field),
      ['password']
    )
  })
})
