import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { createMember, issueTokens } from '#tests/helpers/auth'

const CALLERS = 12

/*
 * Contract §1 "Concurrent deletes": of parallel DELETE /members/{id} calls
 * exactly one is told 200. The others are 404, or 401 when they authenticate
 * after the winner revoked the member's sessions (contract §2: a revoked
 * token is 401). Real commits, parallel requests on separate connections.
 */
test.group('Concurrent deletes / member', (group) => {
  group.each.setup(withRealCommits)

  test(`${CALLERS} parallel deletions of one member: one 200, none other succeeds`, async ({
    client,
    assert,
  }) => {
    const member = await createMember()
    const pairs = await Promise.all(Array.from({ length: CALLERS }, () => issueTokens(member)))

    const responses = await Promise.all(
      pairs.map((pair) => client.delete(`/members/${member.id}`).bearerToken(pair.access.token))
    )
    const statuses = responses.map((response) => response.status())
    assert.lengthOf(
      statuses.filter((status) => status === 200),
      1,
      statuses.join(',')
    )
    for (const response of responses) {
      if (response.status() === 200) {
        response.assertBody({ result: 'success', message: '회원 탈퇴 성공', user_id: member.id })
      } else if (response.status() === 404) {
        response.assertBody({ result: 'failed', message: '존재하지 않는 회원' })
      } else {
        response.assertStatus(401)
        assert.equal(response.body().result, 'failed')
      }
    }
    const left = await db.from('members').where('id', member.id).count('* as total').first()
    assert.equal(Number(left.total), 0)
  })
})
