import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { catalogue, makeMember } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'
import { observe, todayUtc } from '#tests/helpers/prices'
import RecipeRepricer from '#services/recipes/recipe_repricer'
import type Member from '#models/member'
import type { ApiClient } from '@japa/api-client'

/* Three ml ingredients at 1000 KRW a 큰술 (15 ml), for thirds that only add up exactly. */
async function sauces() {
  const now = new Date()
  const names = ['간장', '식초', '맛술']
  for (const name of names) {
    await db.table('ingredients').insert({
      name,
      measure: 'ml',
      price: 1000,
      unit: 15,
      price_date: todayUtc(),
      source: 'catalogue',
      created_at: now,
      updated_at: now,
    })
  }
  const rows = await db.from('ingredients').whereIn('name', names).select('id', 'name')
  return Object.fromEntries(rows.map((row) => [row.name as string, Number(row.id)]))
}

async function create(client: ApiClient, author: Member, lines: unknown[], servings = 1) {
  return client
    .post('/posts/forms')
    .json({ post: { title: '단위 레시피', content: '만든다', servings }, ingredients: lines })
    .loginAs(author)
}

test.group('Recipe lines with a measure (contract §8)', (group) => {
  group.each.setup(withRealCommits)

  test('0.25 kg, 2 개 of a g ingredient and 300 g of a 개 ingredient cost exactly', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const created = await create(client, alice, [
      { id: ids['삼겹살'], quantity: '0.25', measure: 'kg' },
      { id: ids['양파'], quantity: 2, measure: '개' },
      { id: ids['감자'], quantity: '300', measure: 'g' },
    ])
    created.assertStatus(201)
    /* 14560 × 250 / 500 = 7280; 9900 × 400 / 5000 = 792; 14320 × 2 / 50 = 572.8 → 8644.8 */
    assert.include(created.body(), { price: 8645, price_per_serving: 8645 })
    const postId = created.body().post_id

    const detail = await client.get(`/posts/${postId}`)
    detail.assertStatus(200)
    assert.include(detail.body().post, { price: 8645, price_per_serving: 8645, servings: 1 })
    assert.deepEqual(
      detail.body().post.ingredients.map((line: any) => [line.measure, line.quantity, line.cost]),
      [
        ['kg', 0.25, 7280],
        ['개', 2, 792],
        ['g', 300, 573],
      ]
    )
    assert.notProperty(detail.body().post, 'price_as_of')

    const doubled = await client.get(`/posts/${postId}?servings=2`)
    assert.deepEqual(
      doubled.body().post.ingredients.map((line: any) => [line.measure, line.quantity, line.cost]),
      [
        ['kg', 0.5, 14560],
        ['개', 4, 1584],
        ['g', 600, 1146],
      ]
    )
    assert.include(doubled.body().post, { price: 17290, price_per_serving: 8645, servings: 2 })

    const form = await client.get(`/posts/forms/${postId}`).loginAs(alice)
    form.assertStatus(200)
    assert.deepEqual(
      form.body().ingredients.map((line: any) => [line.id, line.measure, line.quantity]),
      [
        [ids['삼겹살'], 'kg', 0.25],
        [ids['양파'], '개', 2],
        [ids['감자'], 'g', 300],
      ]
    )
    const stored = await db.from('post_ingredients').where('post_id', postId).orderBy('position')
    assert.deepEqual(
      stored.map((line) => line.measure),
      ['kg', '개', 'g']
    )
  })

  test('1 작은술 is exactly 1/3 큰술: three thirds add up to 1000, rounded once', async ({
    client,
    assert,
  }) => {
    const ids = await sauces()
    const alice = await makeMember()
    const created = await create(
      client,
      alice,
      [
        { id: ids['간장'], quantity: 1, measure: '작은술' },
        { id: ids['식초'], quantity: 1, measure: '작은술' },
        { id: ids['맛술'], quantity: '5', measure: 'ml' },
      ],
      3
    )
    created.assertStatus(201)
    assert.include(created.body(), { price: 1000, price_per_serving: 333 })
    const detail = await client.get(`/posts/${created.body().post_id}`)
    assert.deepEqual(
      detail.body().post.ingredients.map((line: any) => [line.measure, line.quantity, line.cost]),
      [
        ['작은술', 1, 333],
        ['작은술', 1, 333],
        ['ml', 5, 333],
      ]
    )
    assert.equal(detail.body().post.price, 1000)
  })

  test('an incompatible or unknown unit is 422 on ingredients.N.measure; nothing is written', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const response = await create(client, alice, [
      { id: ids['삼겹살'], quantity: 1, measure: 'ml' },
      { id: ids['대파'], quantity: 1, measure: '개' },
      { id: ids['감자'], quantity: 1, measure: 'lb' },
      { id: ids['양파'], quantity: 1, measure: 7 },
      { id: ids['당근'], quantity: 1, measure: 'kg' },
    ])
    response.assertStatus(422)
    assert.equal(response.body().result, 'failed')
    assert.deepEqual(
      response.body().errors.map((error: any) => [error.field, error.rule]),
      [
        ['ingredients.0.measure', 'measure.compatible'],
        ['ingredients.1.measure', 'measure.compatible'],
        ['ingredients.2.measure', 'measure.unit'],
        ['ingredients.3.measure', 'string'],
      ]
    )
    assert.equal(response.body().errors[0].message, 'measure 단위는 이 재료의 단위로 바꿀 수 없음')
    const [{ total }] = await db.from('posts').count('* as total')
    assert.equal(Number(total), 0)
  })

  test('a v1 body without measure is unchanged: stored NULL, answered in the ingredient measure', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const created = await create(client, alice, [
      { id: ids['삼겹살'], quantity: '300' },
      { id: ids['감자'], quantity: 2 },
    ])
    created.assertStatus(201)
    /* 14560 × 300 / 500 = 8736; 14320 × 2 / 50 = 572.8 */
    assert.include(created.body(), { price: 9309 })
    const postId = created.body().post_id
    const stored = await db.from('post_ingredients').where('post_id', postId).orderBy('position')
    assert.deepEqual(
      stored.map((line) => line.measure),
      [null, null]
    )
    const detail = await client.get(`/posts/${postId}`)
    assert.deepEqual(detail.body().post.ingredients, [
      { id: ids['삼겹살'], name: '삼겹살', measure: 'g', quantity: 300, cost: 8736 },
      { id: ids['감자'], name: '감자', measure: '개', quantity: 2, cost: 573 },
    ])
  })

  test('an update keeps the new units; the repricer converts them and sets price_date', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const created = await create(client, alice, [{ id: ids['삼겹살'], quantity: '300' }])
    const postId = created.body().post_id
    const updated = await client
      .put(`/posts/forms/${postId}`)
      .json({
        post: { title: '단위 레시피', content: '만든다', servings: 1 },
        ingredients: [{ id: ids['삼겹살'], quantity: '0.5', measure: 'kg' }],
      })
      .loginAs(alice)
    updated.assertStatus(200)
    assert.include(updated.body(), { price: 14560 })

    await db
      .from('ingredients')
      .where('id', ids['삼겹살'])
      .update({ price: 10000, unit: 1000, price_date: '2099-01-02' })
    await db.transaction((trx) => RecipeRepricer.repriceRecipesUsing([ids['삼겹살']], trx))
    const row = await db
      .from('post_prices')
      .where('post_id', postId)
      .select('price', db.raw('CAST(price_date AS TEXT) AS price_date'))
      .firstOrFail()
    /* 10000 × 500 / 1000 */
    assert.equal(Number(row.price), 5000)
    assert.equal(String(row.price_date).slice(0, 10), '2099-01-02')
    const list = await client.get('/posts')
    assert.include(list.body().posts[0], { id: postId, price: 5000, price_date: '2099-01-02' })
  })
})

test.group('GET /posts/{id}?asOf=', (group) => {
  group.each.setup(withRealCommits)

  test('costs with the prices in effect on that date; lines without one are unpriced', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const created = await create(
      client,
      alice,
      [
        { id: ids['삼겹살'], quantity: '0.25', measure: 'kg' },
        { id: ids['대파'], quantity: '85' },
      ],
      2
    )
    const postId = created.body().post_id
    await observe('삼겹살', '2025-01-01', 10000, 500)
    await observe('삼겹살', '2025-03-01', 12000, 500)

    const then = await client.get(`/posts/${postId}?asOf=2025-02-15`)
    then.assertStatus(200)
    const post = then.body().post
    /* 10000 × 250 / 500 = 5000; 대파 had no price yet (counts as 0). */
    assert.include(post, { price: 5000, price_per_serving: 2500, price_as_of: '2025-02-15' })
    assert.deepEqual(post.unpriced, [ids['대파']])
    assert.deepEqual(
      post.ingredients.map((line: any) => [line.measure, line.quantity, line.cost]),
      [
        ['kg', 0.25, 5000],
        ['g', 85, null],
      ]
    )

    const scaled = await client.get(`/posts/${postId}?asOf=2025-03-01&servings=4`)
    scaled.assertStatus(200)
    /* 12000 × 500 / 500 = 12000 for 4 servings */
    assert.include(scaled.body().post, {
      price: 12000,
      price_per_serving: 3000,
      servings: 4,
      price_as_of: '2025-03-01',
    })

    /* Two observations on one day: the one imported last is in effect from that day on. */
    await observe('삼겹살', '2025-04-01', 14000, 500)
    await observe('삼겹살', '2025-04-01', 14800, 500, '이마트')
    const sameDay = await client.get(`/posts/${postId}?asOf=2025-04-01`)
    /* 14800 × 250 / 500 = 7400 */
    assert.equal(sameDay.body().post.price, 7400)
    const dayBefore = await client.get(`/posts/${postId}?asOf=2025-03-31`)
    assert.equal(dayBefore.body().post.price, 6000)

    const today = await client.get(`/posts/${postId}?asOf=${todayUtc()}`)
    assert.deepEqual(today.body().post.unpriced, [])
    const current = await client.get(`/posts/${postId}`)
    assert.equal(today.body().post.price, current.body().post.price)
    assert.deepEqual(Object.keys(current.body().post).includes('unpriced'), false)
  })

  test('a bad date is 422 on asOf', async ({ client, assert }) => {
    const alice = await makeMember()
    const created = await create(client, alice, [])
    for (const bad of ['2025-02-30', '20250101', 'yesterday']) {
      const response = await client.get(`/posts/${created.body().post_id}?asOf=${bad}`)
      response.assertStatus(422)
      assert.deepEqual(
        response.body().errors.map((error: any) => [error.field, error.rule]),
        [['asOf', 'date']]
      )
    }
    const missing = await client.get('/posts/999999?asOf=2025-01-01')
    missing.assertStatus(404)
    assert.equal(missing.body().message, '존재하지 않는 레시피')
  })
})
