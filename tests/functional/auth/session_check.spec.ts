import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { TokenStore } from '#auth/token_store'
import { tokenStoreName } from '#config/auth'
import { withRealCommits } from '#tests/helpers/database'
import { createMember, issueTokens } from '#tests/helpers/auth'
import { expectStatus } from '#tests/helpers/http'

const INVALID = { result: 'failed', message: '유효하지 않은 토큰' }

/*
 * The guard asks the token store on every request (on the database store, a
 * committed read first). Real commits, so that read is the one that answers:
 * a session ended or rotated, here or by another process, is refused at the
 * very next request, never served from anything kept since the last one.
 */
test.group('Session check: revocation takes effect at the next request', (group) => {
  group.each.setup(withRealCommits)

  test('after a refresh the old access token is refused, the new one accepted', async ({
    client,
  }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)
    await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)

    const refresh = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    refresh.assertStatus(200)
    const old = await client.get('/plans').bearerToken(pair.access.token)
    old.assertStatus(401)
    old.assertBody(INVALID)
    await expectStatus(client.get('/plans').bearerToken(refresh.body().access_token), 200)
  })

  test('after a logout the token is refused', async ({ client }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)
    await expectStatus(client.post('/members/logout').bearerToken(pair.access.token), 200)
    const response = await client.get('/plans').bearerToken(pair.access.token)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('a session ended in the store by another process is refused', async ({ client }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)
    await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)

    const store = await app.container.make(TokenStore)
    await store.revoke(pair.access.claims.sid)
    const response = await client.get('/plans').bearerToken(pair.access.token)
    response.assertStatus(401)
    response.assertBody(INVALID)
  })

  test('database store: a row rotated or expired by a plain UPDATE is refused', async ({
    client,
  }) => {
    if (tokenStoreName !== 'database') {
      return
    }
    const member = await createMember()
    const rotated = await issueTokens(member)
    const expired = await issueTokens(member)
    for (const pair of [rotated, expired]) {
      await expectStatus(client.get('/plans').bearerToken(pair.access.token), 200)
    }

    await db
      .from('auth_sessions')
      .where('id', rotated.access.claims.sid)
      .update({ access_jti: 'rotated-elsewhere' })
    await db
      .from('auth_sessions')
      .where('id', expired.access.claims.sid)
      .update({ expires_at: new Date(Date.now() - 1000) })
    for (const pair of [rotated, expired]) {
      const response = await client.get('/plans').bearerToken(pair.access.token)
      response.assertStatus(401)
      response.assertBody(INVALID)
    }
  })
})
