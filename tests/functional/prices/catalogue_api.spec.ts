import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { daysFrom, ingredientId, observe, todayUtc } from '#tests/helpers/prices'

const ITEM_KEYS = [
  'grams_per_piece',
  'id',
  'measure',
  'name',
  'price',
  'price_date',
  'source',
  'unit',
].sort()

test.group('GET /ingredients and /ingredients/{id}', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('lists the catalogue by name with price dates, sources and piece sizes', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/ingredients')
    response.assertStatus(200)
    const body = response.body()
    assert.include(body, { result: 'success', message: '재료 목록 조회 성공' })
    assert.lengthOf(body.ingredients, 25)
    const names = body.ingredients.map((item: { name: string }) => item.name)
    assert.deepEqual(names, [...names].sort())
    const byName = Object.fromEntries(
      body.ingredients.map((item: { name: string }) => [item.name, item])
    )
    assert.deepEqual(Object.keys(byName['삼겹살']).sort(), ITEM_KEYS)
    assert.deepInclude(byName['삼겹살'], {
      measure: 'g',
      price: 14560,
      unit: 500,
      price_date: todayUtc(),
      source: 'catalogue',
      grams_per_piece: null,
    })
    assert.equal(byName['감자'].grams_per_piece, 150)
    assert.equal(byName['양파'].grams_per_piece, 200)
  })

  test('one item; 404 for an unknown id and for a malformed one', async ({ client, assert }) => {
    const id = await ingredientId('감자')
    const response = await client.get(`/ingredients/${id}`)
    response.assertStatus(200)
    assert.deepEqual(response.body(), {
      result: 'success',
      message: '재료 조회 성공',
      ingredient: {
        id,
        name: '감자',
        measure: '개',
        price: 14320,
        unit: 50,
        price_date: todayUtc(),
        source: 'catalogue',
        grams_per_piece: 150,
      },
    })

    const unknown = await client.get('/ingredients/999999')
    unknown.assertStatus(404)
    assert.deepEqual(unknown.body(), { result: 'failed', message: '존재하지 않는 재료' })
    for (const path of ['/ingredients/abc', '/ingredients/0', '/ingredients/99999999999']) {
      const malformed = await client.get(path)
      malformed.assertStatus(404)
      assert.equal(malformed.body().message, '존재하지 않는 경로', path)
    }
    const prices = await client.get('/ingredients/999999/prices')
    prices.assertStatus(404)
    assert.equal(prices.body().message, '존재하지 않는 재료')
  })

  test('every read answers 304 to its ETag and a new ETag after a price changes', async ({
    client,
    assert,
  }) => {
    const id = await ingredientId('삼겹살')
    for (const path of ['/ingredients', `/ingredients/${id}`, `/ingredients/${id}/prices`]) {
      const first = await client.get(path)
      first.assertStatus(200)
      const etag = first.header('etag') as string
      assert.isString(etag, path)
      assert.equal(first.header('cache-control'), 'no-cache')
      const again = await client.get(path).header('If-None-Match', etag)
      again.assertStatus(304)

      await observe('삼겹살', todayUtc(), 15000 + path.length, 500, `test ${path}`)
      await db
        .from('ingredients')
        .where('id', id)
        .update({ price: 15000 + path.length })
      const changed = await client.get(path).header('If-None-Match', etag)
      changed.assertStatus(200)
      assert.notEqual(changed.header('etag'), etag, path)
    }
  })
})

test.group('GET /ingredients/{id}/prices', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('answers the observations in the range, oldest first, ties in import order', async ({
    client,
    assert,
  }) => {
    const id = await ingredientId('삼겹살')
    await observe('삼겹살', '2025-03-01', 15100, 500, 'KAMIS 서울 소매')
    await observe('삼겹살', '2025-01-15', 14900, 500, '이마트 성수점')
    await observe('삼겹살', '2025-03-01', 15300, 500, '이마트 성수점')
    await observe('삼겹살', '2024-12-31', 14000, 500, 'KAMIS 서울 소매')
    await observe('양파', '2025-02-01', 9000, 5000, 'KAMIS 서울 소매')

    const response = await client.get(`/ingredients/${id}/prices`).qs({
      from: '2025-01-01',
      to: '2025-03-01',
    })
    response.assertStatus(200)
    const body = response.body()
    assert.include(body, { result: 'success', message: '재료 가격 이력 조회 성공' })
    assert.equal(body.ingredient.id, id)
    assert.equal(body.ingredient.name, '삼겹살')
    assert.deepEqual(body.prices, [
      { observed_on: '2025-01-15', price: 14900, unit: 500, measure: 'g', source: '이마트 성수점' },
      {
        observed_on: '2025-03-01',
        price: 15100,
        unit: 500,
        measure: 'g',
        source: 'KAMIS 서울 소매',
      },
      { observed_on: '2025-03-01', price: 15300, unit: 500, measure: 'g', source: '이마트 성수점' },
    ])
  })

  test('without a range it answers the last year up to today', async ({ client, assert }) => {
    const id = await ingredientId('삼겹살')
    const today = todayUtc()
    await observe('삼겹살', daysFrom(today, -400), 13000, 500)
    await observe('삼겹살', daysFrom(today, -30), 14000, 500)
    const response = await client.get(`/ingredients/${id}/prices`)
    response.assertStatus(200)
    assert.deepEqual(
      response.body().prices.map((price: { observed_on: string }) => price.observed_on),
      [daysFrom(today, -30), today]
    )
  })

  test('a bad date, a reversed range or more than five years is 422 naming the field', async ({
    client,
    assert,
  }) => {
    const id = await ingredientId('삼겹살')
    const cases: [Record<string, string>, string, string][] = [
      [{ from: '2025-02-30' }, 'from', 'date'],
      [{ from: '2025-1-01' }, 'from', 'date'],
      [{ to: 'yesterday' }, 'to', 'date'],
      [{ to: '2025-01-01\u0000' }, 'to', 'date'],
      [{ from: '2025-03-02', to: '2025-03-01' }, 'to', 'range.order'],
      [{ from: '2019-12-31', to: '2025-01-01' }, 'to', 'range.max'],
    ]
    for (const [query, field, rule] of cases) {
      const response = await client.get(`/ingredients/${id}/prices`).qs(query)
      response.assertStatus(422)
      const body = response.body()
      assert.equal(body.result, 'failed')
      assert.equal(body.message, '입력값이 올바르지 않음')
      assert.deepInclude(body.errors[0], { field, rule }, JSON.stringify(query))
      assert.match(body.errors[0].message, /[가-힣]/)
    }
    const fiveYears = await client
      .get(`/ingredients/${id}/prices`)
      .qs({ from: '2020-01-01', to: '2025-01-01' })
    fiveYears.assertStatus(200)
  })
})
