import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { catalogue } from '#tests/helpers/recipes'

test.group('GET /posts/forms/ingredients', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await catalogue()
  })

  test('lists the catalogue sorted by name', async ({ client, assert }) => {
    const response = await client.get('/posts/forms/ingredients')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.result, 'success')
    assert.equal(body.message, '재료 목록 조회 성공')
    assert.lengthOf(body.ingredients, 25)
    const names = body.ingredients.map((item: { name: string }) => item.name)
    assert.deepEqual(names, [...names].sort())
    const pork = body.ingredients.find((item: { name: string }) => item.name === '삼겹살')
    assert.deepEqual(Object.keys(pork).sort(), ['id', 'measure', 'name', 'price', 'unit'])
    assert.include(pork, { name: '삼겹살', measure: 'g', price: 14560, unit: 500 })
  })

  test('q filters by a name substring, with wildcards as plain text', async ({
    client,
    assert,
  }) => {
    const pig = await client.get('/posts/forms/ingredients').qs({ q: '돼지' })
    pig.assertStatus(200)
    assert.deepEqual(
      pig.body().ingredients.map((item: { name: string }) => item.name),
      ['돼지 등심', '돼지 앞다리']
    )
    for (const q of ['%', '_', "'", '\\']) {
      const response = await client.get('/posts/forms/ingredients').qs({ q })
      response.assertStatus(200)
      assert.deepEqual(response.body().ingredients, [], `q=${q}`)
    }
  })

  test('answers 304 to a matching If-None-Match, and a new ETag after a change', async ({
    client,
    assert,
  }) => {
    const first = await client.get('/posts/forms/ingredients')
    const etag = first.header('etag') as string
    assert.isString(etag)
    const again = await client.get('/posts/forms/ingredients').header('If-None-Match', etag)
    again.assertStatus(304)

    await db.from('ingredients').where('name', '양파').update({ price: 9901 })
    const changed = await client.get('/posts/forms/ingredients').header('If-None-Match', etag)
    changed.assertStatus(200)
    assert.notEqual(changed.header('etag'), etag)
  })

  test('q longer than 100 characters is 422', async ({ client }) => {
    const response = await client.get('/posts/forms/ingredients').qs({ q: 'a'.repeat(101) })
    response.assertStatus(422)
    response.assertBodyContains({ result: 'failed', errors: [{ field: 'q', rule: 'maxLength' }] })
  })
})
