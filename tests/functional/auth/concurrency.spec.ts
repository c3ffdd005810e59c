import { test } from '@japa/runner'
import Member from '#models/member'
import { resetDatabase } from '#tests/helpers/database'

/*
 * Real concurrency: parallel requests on separate connections, so these
 * groups use resetDatabase() instead of a global transaction. Concurrent
 * refreshes with one token (contract v1.1: all get the same successor pair)
 * are tests/functional/auth/refresh_leeway.spec.ts.
 */

test.group('Concurrency / sign-up', (group) => {
  group.each.setup(() => resetDatabase())
  group.teardown(() => resetDatabase())

  test('parallel sign-ups with one username: one 201, the rest 409 "중복 가입"', async ({
    client,
    assert,
  }) => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.post('/members/forms').json({
          /* Different cases of one name: the case-folded unique index decides. */
          username: index % 2 ? 'RaceName' : 'racename',
          password: 'password-123',
          email: `race${index}@example.com`,
        })
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','))
    for (const response of responses.filter((r) => r.status() !== 201)) {
      assert.deepEqual(
        [response.status(), response.body()],
        [409, { result: 'failed', message: '중복 가입' }]
      )
    }
    assert.lengthOf(await Member.query().where('username_key', 'racename'), 1)
  })

  test('parallel sign-ups with one email: one 201, the rest 409 "이미 사용 중인 이메일"', async ({
    client,
    assert,
  }) => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.post('/members/forms').json({
          username: `racer${index}`,
          password: 'password-123',
          email: index % 2 ? 'Same@Example.com' : 'same@example.com',
        })
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','))
    for (const response of responses.filter((r) => r.status() !== 201)) {
      response.assertStatus(409)
      response.assertBody({ result: 'failed', message: '이미 사용 중인 이메일' })
    }
    assert.lengthOf(await Member.query().where('email', 'same@example.com'), 1)
  })
})
