import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { daysFrom, todayUtc } from '#tests/helpers/prices'
import {
  createRecipe,
  fixture,
  logsOf,
  observationCount,
  runPricesImport,
  snapshot,
  writeTmp,
} from '#tests/helpers/price_import'
import Ingredient from '#models/ingredient'
import Post from '#models/post'
import { storedPrice } from '#tests/helpers/recipes'

/* 300 g 삼겹살 (14560 / 500 g) + 200 g 대파 (3180 / 850 g), 2 servings: 8736 + 748.24 → 9484. */
const PORK_AND_LEEK = { 삼겹살: '300', 대파: '200' }

async function current(name: string) {
  const ingredient = await Ingredient.findByOrFail('name', name)
  return {
    price: ingredient.price,
    unit: ingredient.unit,
    price_date: ingredient.priceDate,
    source: ingredient.source,
  }
}

test.group('prices:import (CSV)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('a newer observation becomes current and reprices the recipes that use it', async ({
    assert,
  }) => {
    const recipe = await createRecipe('삼겹살 구이', PORK_AND_LEEK)
    const other = await createRecipe('파 무침', { 대파: '100' }, 1)
    const untouched = await createRecipe('김치 한 접시', { 배추김치: '100' }, 1)
    assert.include(await storedPrice(recipe), { price: 9484 })
    const othersBefore = await Promise.all([other, untouched].map(storedPrice))
    const file = await writeTmp(
      'newer.csv',
      `name,measure,price,unit,observed_on,source\n삼겹살,kg,15000,1,${todayUtc()},이마트 성수점\n`
    )

    const command = await runPricesImport(file)

    command.assertSucceeded()
    command.assertLogMatches(
      /1 observation\(s\): 1 new, 0 replaced, 0 unchanged, 0 row\(s\) skipped; 1 current price\(s\) changed; 1 recipe\(s\) repriced/
    )
    /* 1 kg is stored in the ingredient's own measure: 15000 KRW / 1000 g. */
    assert.deepEqual(await current('삼겹살'), {
      price: 15000,
      unit: 1000,
      price_date: todayUtc(),
      source: '이마트 성수점',
    })
    // 15000 × 300 / 1000 = 4500, plus 3180 × 200 / 850 = 748.235… → 5248; per serving 2624
    const repriced = await storedPrice(recipe)
    assert.equal(repriced.price, 5248)
    assert.equal(repriced.pricePerServing, 2624)
    for (const [index, post] of [other, untouched].entries()) {
      assert.include(await storedPrice(post), { price: othersBefore[index].price })
    }
  })

  test("a newer observation of the same amount moves the recipes' price_date only", async ({
    assert,
  }) => {
    const recipe = await createRecipe('파 무침', { 대파: '100' }, 1)
    const before = await storedPrice(recipe)
    const tomorrow = daysFrom(todayUtc(), 1)
    const file = await writeTmp(
      'same-price.csv',
      `name,measure,price,unit,observed_on,source\n대파,g,3180,850,${tomorrow},이마트 성수점\n`
    )

    const command = await runPricesImport(file)

    command.assertSucceeded()
    /* The current observation changed (its date), its amount did not: nothing to reprice. */
    command.assertLogMatches(/1 current price\(s\) changed; 0 recipe\(s\) repriced/)
    const after = await storedPrice(recipe)
    assert.equal(after.price, before.price)
    assert.equal(after.priceDate, tomorrow)
  })

  test('an older observation only fills history', async ({ assert }) => {
    const recipe = await createRecipe('삼겹살 구이', PORK_AND_LEEK)
    const before = await current('삼겹살')
    const command = await runPricesImport(fixture('prices/mart_2026-11.csv'))

    command.assertSucceeded()
    command.assertLogMatches(
      /5 observation\(s\): 5 new, .*; 0 current price\(s\) changed; 0 recipe/
    )
    assert.deepEqual(await current('삼겹살'), before)
    assert.include(await storedPrice(recipe), { price: 9484 })
    const history = await db
      .from('ingredient_prices as p')
      .join('ingredients as i', 'i.id', 'p.ingredient_id')
      .where('i.name', '양파')
      .select(
        'p.price',
        'p.unit',
        'p.measure',
        'p.source',
        db.raw('CAST(p.observed_on AS TEXT) AS d')
      )
      .orderBy('p.observed_on')
    assert.deepEqual(history, [
      /* 3 kg for 8,900 KRW, in the catalogue's g. */
      { price: 8900, unit: 3000, measure: 'g', source: '이마트 성수점', d: '2026-11-20' },
      { price: 9900, unit: 5000, measure: 'g', source: 'catalogue', d: todayUtc() },
    ])
    /* 감자 is counted in 개 (150 g each): 5,980 KRW / 1000 g is 5,980 × 3 KRW / 20 개. */
    const potato = await db
      .from('ingredient_prices as p')
      .join('ingredients as i', 'i.id', 'p.ingredient_id')
      .where('i.name', '감자')
      .where('p.source', '이마트 성수점')
      .select('p.price', 'p.unit', 'p.measure')
      .firstOrFail()
    assert.deepEqual(potato, { price: 17940, unit: 20, measure: '개' })
  })

  test('importing the same file twice changes nothing the second time', async ({ assert }) => {
    await createRecipe('삼겹살 구이', PORK_AND_LEEK)
    const file = await writeTmp(
      'twice.csv',
      `name,measure,price,unit,observed_on\n삼겹살,g,15500,500,${todayUtc()}\n대파,g,2980,1000,2026-11-20\n`
    )
    const initial = await runPricesImport(file, '--source=동네 정육점')
    initial.assertSucceeded()
    const first = await snapshot()

    const again = await runPricesImport(file, '--source=동네 정육점')

    again.assertSucceeded()
    again.assertLogMatches(
      /2 observation\(s\): 0 new, 0 replaced, 2 unchanged, 0 row\(s\) skipped; 0 current price\(s\) changed; 0 recipe/
    )
    assert.deepEqual(await snapshot(), first)
  })

  test('a corrected observation (same ingredient, date and source) replaces the old one', async ({
    assert,
  }) => {
    const recipe = await createRecipe('삼겹살 구이', PORK_AND_LEEK)
    const write = (price: number) =>
      writeTmp(`fix-${price}.csv`, `name,measure,price,unit\n삼겹살,g,${price},500\n`)
    const original = await runPricesImport(await write(15000), '--source=정육점')
    original.assertSucceeded()
    const count = await observationCount()

    const fixed = await runPricesImport(await write(16000), '--source=정육점')

    fixed.assertSucceeded()
    fixed.assertLogMatches(/0 new, 1 replaced/)
    assert.equal(await observationCount(), count)
    const pork = await current('삼겹살')
    assert.equal(pork.price, 16000)
    // 16000 × 300 / 500 = 9600 + 748.235… → 10348
    assert.include(await storedPrice(recipe), { price: 10348 })
  })

  const badFiles: Record<string, [string, RegExp[]]> = {
    'an unknown ingredient': [
      'name,measure,price,unit\n삼겹살,g,15000,500\n두리안,g,30000,1000\n',
      [/line 3: 존재하지 않는 재료: 두리안/],
    ],
    'an unknown or incompatible unit': [
      'name,measure,price,unit\n삼겹살,lb,15000,1\n대파,큰술,300,1\n양파,kg,9000,5\n',
      [/line 2: measure/, /line 3: 대파: 단위 큰술은\(는\) 대파\(g\)와 호환되지 않음/],
    ],
    'a bad price, amount or date': [
      'name,measure,price,unit,observed_on\n삼겹살,g,-1,500,2026-11-01\n대파,g,3000,0,2026-11-01\n양파,g,9000,5000,2026-02-30\n마늘,g,7000,500,2999-01-01\n',
      [/line 2: price/, /line 3: unit/, /line 4: observed_on/, /line 5: observed_on: 미래 날짜/],
    ],
    'a duplicate observation': [
      'name,measure,price,unit\n삼겹살,g,15000,500\n삼겹살,kg,30000,1\n',
      [/line 3: 삼겹살의 .* 가격이 line 2에 이미 있음/],
    ],
    'a missing column': ['name,measure,price\n삼겹살,g,15000\n', [/line 1: 열이 없음: unit/]],
    /* 300 g at 100,000,000 KRW per g: past the 32-bit price column of the recipe. */
    'a price that would put a recipe above the price column': [
      'name,measure,price,unit\n삼겹살,g,100000000,1\n',
      [
        /file: 새 가격으로는 레시피 1개의 가격이 2,147,483,647원을 넘음: 레시피 \d+ \(30,000,000,748원\)/,
      ],
    ],
  }
  for (const [label, [contents, expected]] of Object.entries(badFiles)) {
    test(`a file with ${label} fails whole, names the lines and writes nothing`, async ({
      assert,
    }) => {
      await createRecipe('삼겹살 구이', PORK_AND_LEEK)
      const before = await snapshot()
      const command = await runPricesImport(await writeTmp('bad.csv', contents))

      command.assertFailed()
      command.assertLogMatches(/was not imported \(nothing changed\)/)
      for (const pattern of expected) {
        command.assertLogMatches(pattern)
      }
      assert.deepEqual(await snapshot(), before)
    })
  }

  test('--dry-run prints the current prices and recipes that would change, and writes nothing', async ({
    assert,
  }) => {
    const recipe = await createRecipe('삼겹살 구이', PORK_AND_LEEK)
    const before = await snapshot()
    const file = await writeTmp(
      'dry.csv',
      `name,measure,price,unit\n삼겹살,kg,15000,1\n양파,kg,9000,5\n`
    )

    const command = await runPricesImport(file, '--dry-run', '--source=이마트 성수점')

    command.assertSucceeded()
    const logs = logsOf(command)
    assert.include(
      logs,
      `current price of 삼겹살: 14560 KRW / 500 (${todayUtc()}, catalogue) → 15000 KRW / 1000 (${todayUtc()}, 이마트 성수점)`
    )
    assert.include(
      logs,
      `recipe ${recipe.id} 삼겹살 구이: 9484 → 5248 KRW (per serving 4742 → 2624)`
    )
    command.assertLogMatches(
      /dry run, nothing written: 2 observation\(s\): 2 new.*1 recipe\(s\) would be repriced/
    )
    assert.deepEqual(await snapshot(), before)
  })

  test('bad options are refused before anything is read', async () => {
    for (const option of ['--format=xml', '--date=2026-13-01', `--source=${'x'.repeat(101)}`]) {
      const command = await runPricesImport(fixture('prices/mart_2026-11.csv'), option)
      command.assertFailed()
    }
  })
})

test.group('prices:import (CSV) on a recipe list', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('reprices every affected recipe, in chunks, like the calculator would', async ({
    assert,
  }) => {
    for (let index = 0; index < 30; index++) {
      await createRecipe(
        `레시피 ${index}`,
        { 삼겹살: String(100 + index), 양파: '50' },
        1 + (index % 3)
      )
    }
    const file = await writeTmp(
      'many.csv',
      `name,measure,price,unit\n삼겹살,g,3333,100\n양파,kg,2890,1\n`
    )
    const command = await runPricesImport(file, `--date=${todayUtc()}`)
    command.assertSucceeded()
    command.assertLogMatches(/30 recipe\(s\) repriced/)
    const posts = await Post.query().orderBy('id')
    for (const [index, post] of posts.entries()) {
      /* 3333 × q / 100 + 2890 × 50 / 1000, rounded once. */
      const exact = (3333 * (100 + index)) / 100 + 144.5
      const stored = await storedPrice(post)
      assert.equal(stored.price, Math.round(exact + 1e-9), post.title)
      assert.equal(stored.pricePerServing, Math.round(stored.price / post.servings + 1e-9))
    }
  })
})
