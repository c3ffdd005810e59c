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

  test('the current price of many ingredients, in one statement, ties to the last imported', async ({
    assert,
  }) => {
    const pork = await ingredientId('삼겹살')
    const onion = await ingredientId('양파')
    const rice = await ingredientId('쌀')
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    await observe('삼겹살', '2025-01-10', 14000, 500, '이마트')
    await observe('삼겹살', tomorrow, 15000, 500, 'KAMIS')
    await observe('삼겹살', tomorrow, 15200, 500, '이마트')
    /* Older than the catalogue's price (dated today): history only. */
    await observe('양파', '2025-02-15', 9000, 5000, 'KAMIS')

    const { client, counter } = counting()
    const prices = await PriceHistory.currentPrices([pork, onion, rice, pork], client)
    assert.equal(counter.statements, 1)
    assert.deepEqual(prices.get(pork), {
      ingredientId: pork,
      observedOn: tomorrow,
      price: 15200,
      unit: 500,
      measure: 'g',
      source: '이마트',
    })
    assert.deepInclude(prices.get(onion)!, { observedOn: todayUtc(), source: 'catalogue' })
    assert.deepInclude(prices.get(rice)!, { price: 54900, unit: 20000, source: 'catalogue' })
    assert.deepEqual([...prices.keys()].sort(), [pork, onion, rice].sort())
    assert.deepEqual(await PriceHistory.currentPrices([]), new Map())
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
