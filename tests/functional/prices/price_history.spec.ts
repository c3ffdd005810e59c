import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import PriceHistory from '#services/price_history'
import IngredientCatalogueImporter from '#services/ingredient_catalogue_importer'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { ingredientId, observe, todayUtc } from '#tests/helpers/prices'
import { createRecipe } from '#tests/helpers/price_import'
import { storedPrice } from '#tests/helpers/recipes'

/* The connection, counting the statements sent through it. */
function counting() {
  const counter = { statements: 0 }
  const connection = db.connection()
  const client = new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (property === 'rawQuery' && typeof value === 'function') {
        return (...args: unknown[]) => {
          counter.statements++
          return value.apply(target, args)
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  }) as QueryClientContract
  return { client, counter }
}

test.group('PriceHistory', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('the price of many ingredients on a date, in one statement, ties to the last imported', async ({
    assert,
  }) => {
    const pork = await ingredientId('삼겹살')
    const onion = await ingredientId('양파')
    const rice = await ingredientId('쌀')
    await observe('삼겹살', '2025-01-10', 14000, 500, '이마트')
    await observe('삼겹살', '2025-02-01', 15000, 500, 'KAMIS')
    await observe('삼겹살', '2025-02-01', 15200, 500, '이마트')
    await observe('삼겹살', '2025-03-01', 16000, 500, 'KAMIS')
    await observe('양파', '2025-02-15', 9000, 5000, 'KAMIS')

    const { client, counter } = counting()
    const prices = await PriceHistory.pricesOn([pork, onion, rice, pork], '2025-02-20', client)
    assert.equal(counter.statements, 1)
    assert.deepEqual(Object.fromEntries(prices), {
      [pork]: {
        ingredientId: pork,
        observedOn: '2025-02-01',
        price: 15200,
        unit: 500,
        measure: 'g',
        source: '이마트',
      },
      [onion]: {
        ingredientId: onion,
        observedOn: '2025-02-15',
        price: 9000,
        unit: 5000,
        measure: 'g',
        source: 'KAMIS',
      },
    })
    /* Before any observation there is no price; on the day itself there is. */
    const early = await PriceHistory.pricesOn([pork, onion], '2025-01-10')
    assert.deepEqual([...early.keys()], [pork])
    assert.equal(early.get(pork)!.price, 14000)
    assert.deepEqual(await PriceHistory.pricesOn([], '2025-01-10'), new Map())

    /* Without a date: the current price (the catalogue's, dated today). */
    const now = await PriceHistory.pricesOn([pork, rice])
    assert.deepInclude(now.get(pork)!, {
      price: 14560,
      observedOn: todayUtc(),
      source: 'catalogue',
    })
    assert.deepInclude(now.get(rice)!, { price: 54900, unit: 20000 })
  })

  test('a timeline: the price in effect at the start and every later one, in one statement', async ({
    assert,
  }) => {
    const pork = await ingredientId('삼겹살')
    const onion = await ingredientId('양파')
    await observe('삼겹살', '2025-01-10', 14000, 500)
    await observe('삼겹살', '2025-02-01', 15000, 500)
    await observe('삼겹살', '2025-02-01', 15100, 500, 'other')
    await observe('삼겹살', '2025-04-01', 16000, 500)
    await observe('양파', '2025-03-01', 9000, 5000)

    const { client, counter } = counting()
    const timeline = await PriceHistory.timeline([pork, onion], '2025-01-20', '2025-03-31', client)
    assert.equal(counter.statements, 1)
    assert.deepEqual(
      timeline.map(({ ingredientId: id, observedOn, price }) => [id, observedOn, price]),
      [
        [pork, '2025-01-10', 14000],
        [pork, '2025-02-01', 15000],
        [pork, '2025-02-01', 15100],
        [onion, '2025-03-01', 9000],
      ]
    )
  })

  test('refreshIngredients derives the current price from the observations', async ({ assert }) => {
    const pork = await ingredientId('삼겹살')
    const leek = await ingredientId('대파')
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    await observe('삼겹살', tomorrow, 15000, 500, 'KAMIS')
    await observe('대파', '2025-01-01', 1000, 850, 'KAMIS')

    const { moved } = await db.transaction((trx) =>
      PriceHistory.refreshIngredients([pork, leek], trx)
    )

    assert.deepEqual(moved, [pork])
    const rows = await db
      .from('ingredients')
      .whereIn('id', [pork, leek])
      .orderBy('id')
      .select('price', 'unit', 'source', db.raw('CAST(price_date AS TEXT) AS price_date'))
    assert.deepEqual(rows, [
      { price: 15000, unit: 500, source: 'KAMIS', price_date: tomorrow },
      { price: 3180, unit: 850, source: 'catalogue', price_date: todayUtc() },
    ])
  })

  test('ingredients:import records each price as an observation dated today (catalogue)', async ({
    assert,
  }) => {
    const recipe = await createRecipe('삼겹살 구이', { 삼겹살: '300', 대파: '200' })
    await observe('삼겹살', '2025-01-01', 9000, 500, 'KAMIS')
    await IngredientCatalogueImporter.import(
      'name,measure,price,unit\n삼겹살,g,15000,500\n버섯,g,2000,200\n'
    )

    const today = todayUtc()
    const history = await db
      .from('ingredient_prices as p')
      .join('ingredients as i', 'i.id', 'p.ingredient_id')
      .whereIn('i.name', ['삼겹살', '버섯'])
      .select('i.name', 'p.price', 'p.source', db.raw('CAST(p.observed_on AS TEXT) AS d'))
      .orderBy('p.id')
    /* The changed price replaced today's catalogue observation: it is the last imported. */
    assert.deepEqual(history, [
      { name: '삼겹살', price: 9000, source: 'KAMIS', d: '2025-01-01' },
      { name: '삼겹살', price: 15000, source: 'catalogue', d: today },
      { name: '버섯', price: 2000, source: 'catalogue', d: today },
    ])
    const mushroom = await db
      .from('ingredients')
      .where('name', '버섯')
      .select('source', db.raw('CAST(price_date AS TEXT) AS price_date'))
      .firstOrFail()
    assert.deepEqual(mushroom, { source: 'catalogue', price_date: today })
    assert.include(await storedPrice(recipe), { price: 9748 })
  })
})
