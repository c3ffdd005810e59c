import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import WriteGeneration from '#services/write_generation'
import { withRealCommits } from '#tests/helpers/database'
import { loginHeaders } from '#tests/helpers/auth'
import { makeMember, makeRecipe } from '#tests/helpers/recipes'
import { catalogueWithSoySauce } from '#tests/helpers/plans'

/*
 * The write generation (app/services/write_generation.ts) that lets plan
 * reads on PostgreSQL skip the database: it must move on after every
 * successful write through the API, and a Redis that lost it must never give
 * back an earlier value. Without Redis there is none, and nothing trusts it.
 */
test.group('Write generation', (group) => {
  group.each.setup(withRealCommits)

  test('a successful write moves it on; a read and a refused write do not', async ({
    client,
    assert,
  }) => {
    await catalogueWithSoySauce()
    const member = await makeMember()
    const recipe = await makeRecipe(member, { servings: 2, lines: [['삼겹살', '300']] })
    const headers = await loginHeaders(member)
    const meal = { date: '2026-12-07', post_id: recipe, servings: 2 }

    const start = await WriteGeneration.current()
    assert.isString(start)
    const list = await client.get('/plans').headers(headers)
    list.assertStatus(200)
    assert.equal(await WriteGeneration.current(), start)

    const refused = await client
      .post('/plans')
      .headers(headers)
      .json({ name: '거절', meals: [{ ...meal, servings: 0 }] })
    refused.assertStatus(422)
    assert.equal(await WriteGeneration.current(), start)

    const created = await client
      .post('/plans')
      .headers(headers)
      .json({ name: '주간', meals: [meal] })
    created.assertStatus(201)
    const afterWrite = await WriteGeneration.current()
    assert.isString(afterWrite)
    assert.notEqual(afterWrite, start)
  }).skip(!WriteGeneration.enabled, 'Redis runs only')

  test('a Redis that lost it starts a new one, never an earlier one', async ({ assert }) => {
    const seen = new Set<string>()
    for (let round = 0; round < 3; round++) {
      const before = (await WriteGeneration.current())!
      assert.equal(await WriteGeneration.current(), before)
      seen.add(before)
      await redis.connection('main').del('write-generation')
    }
    const fresh = await WriteGeneration.current()
    assert.isString(fresh)
    assert.isFalse(seen.has(fresh!))
    assert.equal(seen.size, 3)
  }).skip(!WriteGeneration.enabled, 'Redis runs only')

  test('callers of one tick share one GET; a caller after a write reads the new value', async ({
    assert,
  }) => {
    const connection = redis.connection('main').ioConnection as unknown as {
      get?: (...args: unknown[]) => Promise<unknown>
    }
    const get = connection.get!
    let gets = 0
    connection.get = (...args) => {
      gets += 1
      return get.apply(connection, args)
    }
    try {
      const values = await Promise.all(Array.from({ length: 10 }, () => WriteGeneration.current()))
      assert.equal(gets, 1)
      assert.isString(values[0])
      assert.deepEqual(
        values,
        Array.from({ length: 10 }, () => values[0])
      )

      await WriteGeneration.advance()
      const after = await WriteGeneration.current()
      assert.equal(gets, 2)
      assert.isString(after)
      assert.notEqual(after, values[0])
    } finally {
      delete connection.get
    }
  }).skip(!WriteGeneration.enabled, 'Redis runs only')

  test('without Redis there is none to trust', async ({ assert }) => {
    await WriteGeneration.advance()
    assert.isNull(await WriteGeneration.current())
  }).skip(WriteGeneration.enabled, 'runs without Redis only')
})
