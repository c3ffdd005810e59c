import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { todayUtc } from '#tests/helpers/prices'
import {
  createRecipe,
  fixture,
  logsOf,
  runPricesAlias,
  runPricesImport,
  snapshot,
  writeTmp,
} from '#tests/helpers/price_import'

const VEGETABLES = fixture('kamis/daily_2026-12-01_vegetables.json')
const LIVESTOCK = fixture('kamis/daily_2026-12-01_livestock.json')
const GRAINS = fixture('kamis/daily_2026-12-01_grains.json')

async function observationsOf(source: string) {
  const rows = await db
    .from('ingredient_prices as p')
    .join('ingredients as i', 'i.id', 'p.ingredient_id')
    .where('p.source', source)
    .select(
      'i.name',
      'p.price',
      'p.unit',
      'p.measure',
      db.raw('CAST(p.observed_on AS TEXT) AS observed_on')
    )
    .orderBy('p.id')
  return rows
}

async function addIngredient(name: string, measure: string, price: number, unit: number) {
  const now = new Date()
  await db
    .table('ingredients')
    .insert({ name, measure, price, unit, created_at: now, updated_at: now })
}

test.group('prices:import (KAMIS)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())

  test('maps rows by name, converts units, lists unmapped and price-less rows', async ({
    assert,
  }) => {
    const today = todayUtc()
    const command = await runPricesImport(VEGETABLES, `--date=${today}`)

    command.assertSucceeded()
    const logs = logsOf(command)
    assert.include(logs, 'skipped item 1 (상품) 배추/월동: 별칭 없음 (prices:alias)')
    assert.include(
      logs,
      'skipped item 3 (중품) 양파/양파: 양파의 가격은 item 2 (상품)에서 이미 읽음'
    )
    assert.include(logs, 'skipped item 8 깻잎/깻잎: 가격 없음 (dpr1 "-")')
    command.assertLogMatches(
      /6 observation\(s\): 6 new, 0 replaced, 0 unchanged, 3 row\(s\) skipped; 6 current price\(s\) changed/
    )
    assert.deepEqual(await observationsOf('KAMIS'), [
      { name: '양파', price: 2890, unit: 1000, measure: 'g', observed_on: today },
      { name: '대파', price: 3480, unit: 1000, measure: 'g', observed_on: today },
      { name: '당근', price: 3950, unit: 1000, measure: 'g', observed_on: today },
      { name: '시금치', price: 1180, unit: 100, measure: 'g', observed_on: today },
      /* 100 g of 10 g leaves is 10 개. */
      { name: '상추', price: 1290, unit: 10, measure: '개', observed_on: today },
      { name: '마늘', price: 13980, unit: 1000, measure: 'g', observed_on: today },
    ])
    const onion = await db
      .from('ingredients')
      .where('name', '양파')
      .select('price', 'unit', 'source', db.raw('CAST(price_date AS TEXT) AS price_date'))
      .firstOrFail()
    assert.deepEqual(onion, { price: 2890, unit: 1000, source: 'KAMIS', price_date: today })
    /* Rows named like an ingredient got an alias, kept for the next answers. */
    const aliasNames = await db
      .from('price_aliases')
      .orderBy('name')
      .select('name')
      .then((rows) => rows.map((row) => row.name))
    assert.deepEqual(aliasNames, [
      '당근/무세척',
      '대파/대파',
      '마늘/깐마늘(국산)',
      '상추/적',
      '시금치/시금치',
      '양파/양파',
    ])
  })

  test("the answer's request date dates the rows; grains in 20kg and 100g of a 개 item", async ({
    assert,
  }) => {
    const before = await db.from('ingredients').select('id', 'price', 'unit').orderBy('id')
    const command = await runPricesImport(GRAINS, '--source=KAMIS 서울 소매')

    command.assertSucceeded()
    command.assertLogMatches(/0 current price\(s\) changed; 0 recipe/)
    assert.deepEqual(await observationsOf('KAMIS 서울 소매'), [
      { name: '쌀', price: 58900, unit: 20000, measure: 'g', observed_on: '2026-12-01' },
      /* 395 KRW per 100 g of 150 g potatoes: 100 g is 2/3 개, so 1185 KRW buys 2 개. */
      { name: '감자', price: 1185, unit: 2, measure: '개', observed_on: '2026-12-01' },
      { name: '고구마', price: 5480, unit: 5, measure: '개', observed_on: '2026-12-01' },
    ])
    /* Older than the catalogue's prices: history only. */
    assert.deepEqual(
      await db.from('ingredients').select('id', 'price', 'unit').orderBy('id'),
      before
    )
  })

  test('prices:alias maps other names, with grams for units like 포기', async ({ assert }) => {
    await addIngredient('배추', 'g', 5000, 2000)
    await addIngredient('계란', '개', 3000, 10)

    const cabbage = await runPricesAlias('배추/월동', '배추', '--grams-per-unit=2500')
    cabbage.assertSucceeded()
    cabbage.assertLogMatches(/배추\/월동 → 배추 \(2500 g per unit\)/)
    /* Re-pointing an alias (소고기/안심) replaces it. */
    for (const [name, ingredient] of [
      ['돼지고기/앞다리', '돼지 앞다리'],
      ['계란/특란', '계란'],
      ['소고기/안심', '소 등심'],
      ['소고기/안심', '소 안심'],
    ]) {
      const alias = await runPricesAlias(name, ingredient)
      alias.assertSucceeded()
    }

    const unknown = await runPricesAlias('두리안/몬통', '두리안')
    unknown.assertFailed()
    unknown.assertLogMatches(/존재하지 않는 재료: 두리안/)
    const malformed = await runPricesAlias('배추 월동', '배추')
    malformed.assertFailed()
    malformed.assertLogMatches(/품목명\/품종명/)
    const badGrams = await runPricesAlias('무/월동', '배추', '--grams-per-unit=-3')
    badGrams.assertFailed()

    const today = todayUtc()
    for (const file of [VEGETABLES, LIVESTOCK]) {
      const command = await runPricesImport(file, `--date=${today}`)
      command.assertSucceeded()
    }
    const observed = await observationsOf('KAMIS')
    assert.deepInclude(observed, {
      name: '배추',
      price: 4120,
      unit: 2500,
      measure: 'g',
      observed_on: today,
    })
    assert.deepInclude(observed, {
      name: '돼지 앞다리',
      price: 1590,
      unit: 100,
      measure: 'g',
      observed_on: today,
    })
    assert.deepInclude(observed, {
      name: '소 안심',
      price: 16230,
      unit: 100,
      measure: 'g',
      observed_on: today,
    })
    assert.deepInclude(observed, {
      name: '계란',
      price: 4180,
      unit: 10,
      measure: '개',
      observed_on: today,
    })
    assert.deepInclude(observed, {
      name: '삼겹살',
      price: 2765,
      unit: 100,
      measure: 'g',
      observed_on: today,
    })
    const aliases = await db
      .from('price_aliases')
      .where('name', '소고기/안심')
      .select('ingredient_id')
    assert.lengthOf(aliases, 1)
  })

  test('one bad item fails the whole answer, names it and writes nothing, not even aliases', async ({
    assert,
  }) => {
    const answer = JSON.parse(await readFile(VEGETABLES, 'utf8'))
    answer.data.item[3].dpr1 = '3,4800'
    answer.data.item[5].unit = '한 봉지'
    /* An empty value can come as an empty array (the API's XML origin): no price, skipped. */
    answer.data.item[6].dpr1 = []
    await addIngredient('배추', 'g', 5000, 2000)
    const alias = await runPricesAlias('배추/월동', '배추')
    alias.assertSucceeded()
    const before = await snapshot()

    const command = await runPricesImport(
      await writeTmp('bad-kamis.json', JSON.stringify(answer)),
      `--date=${todayUtc()}`
    )

    command.assertFailed()
    command.assertLogMatches(/was not imported \(nothing changed\)/)
    command.assertLogMatches(
      /item 1 \(상품\): 배추\/월동: 단위 포기을\(를\) g\(으\)로 바꿀 수 없음/
    )
    command.assertLogMatches(/item 4: 대파\/대파: dpr1 값이 가격이 아님 \("3,4800"\)/)
    command.assertLogMatches(/item 6: 시금치\/시금치: unit 값을 읽을 수 없음/)
    assert.deepEqual(await snapshot(), before)
  })

  test('an answer that is not dailyPriceByCategoryList fails', async () => {
    const cases: [string, RegExp][] = [
      ['{"data":{"error_code":"200"}}', /KAMIS 오류 응답 \(error_code 200\)/],
      ['{"data":["001"]}', /data.item 배열이 없음/],
      ['{"data": ', /JSON 형식이 아님/],
      [
        '{"condition":[{"p_regday":"2026-02-30"}],"data":{"error_code":"000","item":[]}}',
        /p_regday 값이 날짜가 아님/,
      ],
    ]
    for (const [contents, message] of cases) {
      const command = await runPricesImport(await writeTmp('odd.json', contents))
      command.assertFailed()
      command.assertLogMatches(message)
    }
  })

  test('--dry-run on an answer lists the recipes it would reprice and writes nothing', async ({
    assert,
  }) => {
    const recipe = await createRecipe('양파 볶음', { 양파: '500', 대파: '100' }, 2)
    const before = await snapshot()

    const command = await runPricesImport(VEGETABLES, `--date=${todayUtc()}`, '--dry-run')

    command.assertSucceeded()
    const logs = logsOf(command)
    /* 9900 × 500 / 5000 = 990 + 3180 × 100 / 850 = 374.12 → 1364; then 1445 + 348 = 1793. */
    assert.include(logs, `recipe ${recipe.id} 양파 볶음: 1364 → 1793 KRW (per serving 682 → 897)`)
    assert.include(logs, 'alias 양파/양파 would be created (same name as an ingredient)')
    command.assertLogMatches(/dry run, nothing written: .*1 recipe\(s\) would be repriced/)
    assert.deepEqual(await snapshot(), before)
  })
})
