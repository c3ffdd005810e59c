import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createMember, DEFAULT_PASSWORD, loginHeaders } from '#tests/helpers/auth'

test.group('Auth / login and sign-up', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('sign-up answers 201 with the new id', async ({ client, assert }) => {
    const response = await client
      .post('/members/forms')
      .json({ username: '김치찌개', password: 'password-123', email: 'Kimchi@Example.com' })
    response.assertStatus(201)
    response.assertBodyContains({ result: 'success', message: '회원가입 성공' })
    assert.isNumber(response.body().user_id)
  })

  test('login answers the tokens and sets four cookies', async ({ client, assert }) => {
    const member = await createMember()
    const response = await client
      .post('/members/login')
      .json({ username: member.username, password: DEFAULT_PASSWORD })
    response.assertStatus(200)
    response.assertBodyContains({
      result: 'success',
      message: '로그인 성공',
      user_id: member.id,
      username: member.username,
      expires_in: 1800,
    })
    const body = response.body()
    for (const field of ['access_token', 'csrf_token', 'refresh_token', 'csrf_refresh_token']) {
      assert.isString(body[field])
    }
    const setCookie = ([] as string[]).concat(response.header('set-cookie') ?? [])
    const names = setCookie.map((line) => line.split('=')[0])
    assert.includeMembers(names, [
      'access_token_cookie',
      'refresh_token_cookie',
      'csrf_access_token',
      'csrf_refresh_token',
    ])
  })

  test('me works with a Bearer token, loginAs and 401 without', async ({ client }) => {
    const member = await createMember()
    const withHeader = await client.get('/members/me').headers(await loginHeaders(member))
    withHeader.assertStatus(200)
    withHeader.assertBodyContains({ member: { id: member.id, post_count: 0, comment_count: 0 } })

    const viaLoginAs = await client.get('/members/me').loginAs(member)
    viaLoginAs.assertStatus(200)

    const anonymous = await client.get('/members/me')
    anonymous.assertStatus(401)
    anonymous.assertBody({ result: 'failed', message: '인증이 필요합니다' })
  })
})
