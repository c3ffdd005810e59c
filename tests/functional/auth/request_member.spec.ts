import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { AuthSessions } from '#auth/auth_sessions'
import { withRealCommits } from '#tests/helpers/database'
import { createMember, loginHeaders } from '#tests/helpers/auth'
import { recordQueries } from '#tests/helpers/recipes'
import { expectStatus } from '#tests/helpers/http'

/* The guard's member lookup (Member.rowForRequest), on either database's quoting. */
const MEMBER_BY_ID = /from [`"]members[`"] where [`"]id[`"]/i

/*
 * Authenticated requests keep their member's row for a minute per process
 * (Member.rowForRequest). Real commits: nothing is kept inside a transaction.
 */
test.group('The member of authenticated requests', (group) => {
  group.each.setup(withRealCommits)

  test('is read by the first request and kept for the next ones', async ({ client, assert }) => {
    const member = await createMember()
    const headers = await loginHeaders(member)
    const lookups: number[] = []
    for (let request = 0; request < 3; request++) {
      const queries = await recordQueries(async () => {
        const response = await client.get('/members/me').headers(headers)
        response.assertStatus(200)
        assert.equal(response.body().member.username, member.username)
      })
      lookups.push(queries.filter((sql) => MEMBER_BY_ID.test(sql)).length)
    }
    assert.deepEqual(lookups, [1, 0, 0])
  })

  test('a member deleted elsewhere is refused at the token store, kept row or not', async ({
    client,
  }) => {
    const member = await createMember()
    const headers = await loginHeaders(member)
    await expectStatus(client.get('/members/me').headers(headers), 200)

    /* What another replica's DELETE /members/{id} does: every session ends, then the row goes. */
    const sessions = await app.container.make(AuthSessions)
    await sessions.endAll(member.id)
    await db.from('members').where('id', member.id).delete()

    const response = await client.get('/members/me').headers(headers)
    response.assertStatus(401)
    response.assertBody({ result: 'failed', message: '유효하지 않은 토큰' })
  })

  test('a member deleted here is forgotten: a new member never gets the old row', async ({
    client,
    assert,
  }) => {
    const member = await createMember()
    const headers = await loginHeaders(member)
    await expectStatus(client.get('/members/me').headers(headers), 200)
    await expectStatus(client.delete(`/members/${member.id}`).headers(headers), 200)

    const next = await createMember()
    assert.notEqual(next.id, member.id)
    const response = await client.get('/members/me').headers(await loginHeaders(next))
    response.assertStatus(200)
    assert.equal(response.body().member.id, next.id)
    assert.equal(response.body().member.username, next.username)
  })
})
