import { test } from '@japa/runner'
import { refreshReuse } from '#auth/auth_sessions'
import { resetDatabase } from '#tests/helpers/database'
import { createMember, issueTokens } from '#tests/helpers/auth'

const REFRESH_FAILED = { result: 'failed', message: 'refresh failed' }
const TOKEN_FIELDS = [
  'access_token',
  'csrf_token',
  'refresh_token',
  'csrf_refresh_token',
  'expires_in',
] as const

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/*
 * Contract §2, refresh reuse leeway: a refresh token presented again within
 * JWT_REFRESH_REUSE_LEEWAY seconds of its own rotation answers the same
 * successor pair; after it, reuse revokes the session. Parallel requests on
 * separate connections (no global transaction); the token store is the
 * configured one (the suite runs with both).
 */
test.group('Refresh reuse leeway', (group) => {
  const saved = refreshReuse.leewaySeconds
  group.each.setup(() => resetDatabase())
  group.each.teardown(() => {
    refreshReuse.leewaySeconds = saved
  })
  group.teardown(() => resetDatabase())

  test('10 concurrent refreshes with one token: all 200 with the identical pair', async ({
    client,
    assert,
  }) => {
    refreshReuse.leewaySeconds = 10
    const pair = await issueTokens(await createMember())
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.post('/members/tokens').bearerToken(pair.refresh.token)
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.isTrue(
      statuses.every((status) => status === 200),
      statuses.join(',')
    )
    const [first] = responses
    first.assertBodyContains({ result: 'success', message: 'refresh success' })
    assert.notEqual(first.body().refresh_token, pair.refresh.token)
    for (const response of responses) {
      assert.deepEqual(response.body(), first.body())
    }

    /* The shared pair is the session's current one. */
    const me = await client.get('/members/me').bearerToken(first.body().access_token)
    me.assertStatus(200)
    const next = await client.post('/members/tokens').bearerToken(first.body().refresh_token)
    next.assertStatus(200)
  })

  test('within the leeway the same cookies are set again', async ({ client, assert }) => {
    refreshReuse.leewaySeconds = 10
    const pair = await issueTokens(await createMember())
    const first = await client.post('/members/tokens').json({ refresh_token: pair.refresh.token })
    const again = await client.post('/members/tokens').json({ refresh_token: pair.refresh.token })
    first.assertStatus(200)
    again.assertStatus(200)
    for (const field of TOKEN_FIELDS) {
      assert.equal(again.body()[field], first.body()[field], field)
    }
    const cookies = (response: typeof first) =>
      ([] as string[])
        .concat(response.header('set-cookie') ?? [])
        .map((line) => line.split(';')[0])
        .sort()
    assert.lengthOf(cookies(first), 4)
    assert.deepEqual(cookies(again), cookies(first))
  })

  test('after the leeway, reuse revokes the session', async ({ client }) => {
    refreshReuse.leewaySeconds = 1
    const pair = await issueTokens(await createMember())
    const first = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    first.assertStatus(200)

    await sleep(1200)
    const reuse = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    reuse.assertStatus(401)
    reuse.assertBody(REFRESH_FAILED)

    const newAccess = await client.get('/members/me').bearerToken(first.body().access_token)
    newAccess.assertStatus(401)
    const newRefresh = await client.post('/members/tokens').bearerToken(first.body().refresh_token)
    newRefresh.assertStatus(401)
    newRefresh.assertBody(REFRESH_FAILED)
  })

  test('only the direct predecessor has a leeway', async ({ client }) => {
    refreshReuse.leewaySeconds = 10
    const pair = await issueTokens(await createMember())
    const second = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    second.assertStatus(200)
    const third = await client.post('/members/tokens').bearerToken(second.body().refresh_token)
    third.assertStatus(200)

    /* Two rotations old: reuse, though within the leeway. */
    const reuse = await client.post('/members/tokens').bearerToken(pair.refresh.token)
    reuse.assertStatus(401)
    reuse.assertBody(REFRESH_FAILED)
    const current = await client.get('/members/me').bearerToken(third.body().access_token)
    current.assertStatus(401)
  })
})
