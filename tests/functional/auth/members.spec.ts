import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Member from '#models/member'
import Post from '#models/post'
import Comment from '#models/comment'
import { createMember, issueTokens, loginHeaders } from '#tests/helpers/auth'

const signUp = { username: '된장찌개', password: 'password-123', email: 'Doenjang@Example.com' }

test.group('Members / sign-up', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates the member with a hashed password and a lower-cased email', async ({
    client,
    assert,
  }) => {
    const response = await client.post('/members/forms').json(signUp)
    response.assertStatus(201)
    response.assertBodyContains({ result: 'success', message: '회원가입 성공' })

    const member = await Member.findOrFail(response.body().user_id)
    assert.equal(member.username, '된장찌개')
    assert.equal(member.email, 'doenjang@example.com')
    assert.notEqual(member.password, signUp.password)
    assert.match(member.password, /^\$scrypt\$/)
    assert.notProperty(response.body(), 'password')
  })

  test('accepts letters of any script, digits and _ . -', async ({ client }) => {
    for (const [index, username] of ['ab', 'Ünïcödé.user-1', 'すし_2', 'x'.repeat(30)].entries()) {
      const response = await client
        .post('/members/forms')
        .json({ username, password: 'password-123', email: `ok${index}@example.com` })
      response.assertStatus(201)
    }
  })

  test('rejects invalid fields with 422 listing each field', async ({ client, assert }) => {
    const cases: [object, string[]][] = [
      [{ username: 'a', password: 'password-123', email: 'a@example.com' }, ['username']],
      [
        { username: 'x'.repeat(31), password: 'password-123', email: 'a@example.com' },
        ['username'],
      ],
      [{ username: 'bad name', password: 'password-123', email: 'a@example.com' }, ['username']],
      [{ username: 'bad!', password: 'password-123', email: 'a@example.com' }, ['username']],
      [{ username: 'valid', password: 'short', email: 'a@example.com' }, ['password']],
      [{ username: 'valid', password: 'p'.repeat(129), email: 'a@example.com' }, ['password']],
      [{ username: 'valid', password: 'password-123', email: 'not-an-email' }, ['email']],
      [{}, ['username', 'password', 'email']],
    ]
    for (const [body, fields] of cases) {
      const response = await client.post('/members/forms').json(body)
      response.assertStatus(422)
      assert.equal(response.body().result, 'failed')
      assert.sameMembers(
        response.body().errors.map((error: { field: string }) => error.field),
        fields
      )
    }
    assert.equal(
      await Member.query()
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      0
    )
  })

  test('duplicate username (any case) is 409 "중복 가입"', async ({ client }) => {
    await createMember({ username: 'Chef.Kim' })
    const response = await client
      .post('/members/forms')
      .json({ username: 'chef.kim', password: 'password-123', email: 'other@example.com' })
    response.assertStatus(409)
    response.assertBody({ result: 'failed', message: '중복 가입' })
  })

  test('duplicate email (any case) is 409 "이미 사용 중인 이메일"', async ({ client }) => {
    await createMember({ email: 'taken@example.com' })
    const response = await client
      .post('/members/forms')
      .json({ username: 'newcomer', password: 'password-123', email: 'TAKEN@example.com' })
    response.assertStatus(409)
    response.assertBody({ result: 'failed', message: '이미 사용 중인 이메일' })
  })

  test('ignores extra fields (no mass assignment)', async ({ client, assert }) => {
    const response = await client
      .post('/members/forms')
      .json({ ...signUp, id: 999, user_id: 999, create_date: '2000-01-01T00:00:00.000Z' })
    response.assertStatus(201)
    assert.notEqual(response.body().user_id, 999)
  })
})

test.group('Members / username validation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a free username is 200', async ({ client }) => {
    const response = await client.post('/members/validation').json({ username: '비빔밥' })
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '사용 가능한 아이디입니다.' })
  })

  test('a taken username (any case) is 409', async ({ client }) => {
    await createMember({ username: 'Bibim' })
    const response = await client.post('/members/validation').json({ username: 'BIBIM' })
    response.assertStatus(409)
    response.assertBody({ result: 'failed', message: '이미 가입된 아이디입니다.' })
  })

  test('an invalid username is 422', async ({ client }) => {
    const response = await client.post('/members/validation').json({ username: 'x' })
    response.assertStatus(422)
    response.assertBodyContains({ result: 'failed', errors: [{ field: 'username' }] })
  })
})

test.group('Members / me', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('answers the profile with post and comment counts', async ({ client, assert }) => {
    const member = await createMember({ username: 'counter', email: 'Counter@Example.com' })
    const other = await createMember()
    const post = await Post.create({ memberId: member.id, title: 't', content: 'c', servings: 1 })
    await Post.create({ memberId: member.id, title: 't2', content: 'c', servings: 1 })
    const otherPost = await Post.create({
      memberId: other.id,
      title: 'o',
      content: 'c',
      servings: 1,
    })
    await Comment.create({ postId: otherPost.id, memberId: member.id, content: 'hi' })
    await Comment.create({ postId: post.id, memberId: other.id, content: 'hello' })

    const response = await client.get('/members/me').headers(await loginHeaders(member))
    response.assertStatus(200)
    assert.equal(response.body().result, 'success')
    const profile = response.body().member
    assert.deepEqual(
      { ...profile, create_date: undefined },
      {
        id: member.id,
        username: 'counter',
        email: 'counter@example.com',
        create_date: undefined,
        post_count: 2,
        comment_count: 1,
      }
    )
    assert.match(profile.create_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.notProperty(profile, 'password')
  })

  test('without a token is 401', async ({ client }) => {
    const response = await client.get('/members/me')
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: '인증이 필요합니다' })
  })

  test('with a garbage token is 401', async ({ client }) => {
    const response = await client.get('/members/me').bearerToken('not-a-jwt')
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: '유효하지 않은 토큰' })
  })
})

test.group('Members / delete', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('deleting yourself cascades your data and revokes every session', async ({
    client,
    assert,
  }) => {
    const member = await createMember()
    const other = await createMember()
    const otherPost = await Post.create({
      memberId: other.id,
      title: 'o',
      content: 'c',
      servings: 1,
    })
    const ownPost = await Post.create({
      memberId: member.id,
      title: 'm',
      content: 'c',
      servings: 1,
    })
    await Comment.create({ postId: otherPost.id, memberId: member.id, content: 'mine' })
    await db
      .table('post_likes')
      .insert({ post_id: otherPost.id, member_id: member.id, created_at: new Date() })

    const first = await issueTokens(member)
    const second = await issueTokens(member)

    const response = await client.delete(`/members/${member.id}`).bearerToken(first.access.token)
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '회원 탈퇴 성공', user_id: member.id })

    assert.isNull(await Member.find(member.id))
    assert.isNull(await Post.find(ownPost.id))
    assert.lengthOf(await Comment.query().where('member_id', member.id), 0)
    assert.lengthOf(await db.from('post_likes').where('member_id', member.id), 0)
    assert.lengthOf(await db.from('auth_sessions').where('member_id', member.id), 0)
    assert.isNotNull(await Post.find(otherPost.id))

    for (const pair of [first, second]) {
      const me = await client.get('/members/me').bearerToken(pair.access.token)
      me.assertStatus(401)
      const refresh = await client.post('/members/tokens').bearerToken(pair.refresh.token)
      refresh.assertStatus(401)
      refresh.assertBody({ result: 'failed', message: 'refresh failed' })
    }
  })

  test("deleting someone else is 403 '삭제 권한이 없음'", async ({ client, assert }) => {
    const member = await createMember()
    const other = await createMember()
    const response = await client.delete(`/members/${other.id}`).loginAs(member)
    response.assertStatus(403)
    response.assertBody({ result: 'failed', message: '삭제 권한이 없음' })
    assert.isNotNull(await Member.find(other.id))
  })

  test('an unknown id is 404', async ({ client }) => {
    const member = await createMember()
    for (const id of ['999999', 'abc']) {
      const response = await client.delete(`/members/${id}`).loginAs(member)
      response.assertStatus(404)
      response.assertBodyContains({ result: 'failed' })
    }
  })

  test('without a token is 401', async ({ client }) => {
    const member = await createMember()
    const response = await client.delete(`/members/${member.id}`)
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: '인증이 필요합니다' })
  })
})
