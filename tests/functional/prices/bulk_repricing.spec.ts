import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { daysFrom, todayUtc } from '#tests/helpers/prices'
import { runPricesImport, writeTmp } from '#tests/helpers/price_import'
import Member from '#models/member'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import RecipeRepricer, { recipeRowsStatement } from '#services/recipes/recipe_repricer'
import { ownQuantity } from '#services/recipes/recipe_lines'

/*
 * Ingredients chosen for awkward arithmetic: units that leave thirds and
 * sevenths, piece sizes that link 개 with g and ml both ways, and one so cheap
 * per unit that huge quantities stay a small price while their exact sums
 * leave the safe integers.
 */
const INGREDIENTS = [
  { name: '감자 낱개', measure: '개', price: 1000, unit: 3, grams_per_piece: '150.500' },
  { name: '우유 팩', measure: '개', price: 2990, unit: 1, ml_per_piece: '45.000' },
  { name: '밀가루', measure: 'g', price: 1, unit: 2, grams_per_piece: '333.333' },
  { name: '간장', measure: 'ml', price: 4321, unit: 7, ml_per_piece: '3.000' },
  { name: '소금', measure: 'g', price: 1, unit: 9999 },
  { name: '참기름', measure: 'ml', price: 17_777, unit: 320 },
]

/* Line units each ingredient accepts (its own measure, blank, or a conversion). */
const UNITS_OF: Record<string, (string | null)[]> = {
  '감자 낱개': [null, '개', 'g', 'kg'],
  '우유 팩': [null, 'ml', 'L', '컵', '큰술'],
  '밀가루': [null, 'g', 'kg', '개'],
  '간장': [null, '큰술', '작은술', '컵', '개', 'L'],
  '소금': [null, 'kg'],
  '참기름': [null, '큰술', '작은술', 'ml'],
}

const QUANTITIES = ['1', '0.5', '0.3333', '2.25', '0.0001', '17.0007', '100', '3', '0.6667']
/* Huge quantities of 소금 (1 KRW per 9999 g): a small price from sums past 2^53. */
const HUGE = ['9999999999.9999', '123456789.0123', '8888888888.8888']

/* A small deterministic generator, so that a failure is reproducible. */
function generator(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % n
  }
}

async function createCatalogueAndRecipes(count: number) {
  const now = new Date()
  const today = todayUtc()
  for (const item of INGREDIENTS) {
    const [row] = await db
      .table('ingredients')
      .insert({
        grams_per_piece: null,
        ml_per_piece: null,
        ...item,
        price_date: today,
        source: 'catalogue',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
    await db.table('ingredient_prices').insert({
      ingredient_id: typeof row === 'object' ? row.id : row,
      price: item.price,
      unit: item.unit,
      measure: item.measure,
      observed_on: today,
      source: 'catalogue',
      created_at: now,
    })
  }
  const ingredients = await db.from('ingredients').orderBy('id').select('id', 'name')
  const member = await Member.create({
    username: 'bulk',
    usernameKey: 'bulk',
    email: 'bulk@example.com',
    password: 'not-a-real-hash',
  })
  const next = generator(18)
  for (let index = 0; index < count; index++) {
    const [row] = await db
      .table('posts')
      .insert({
        member_id: member.id,
        title: `레시피 ${index}`,
        content: '만든다',
        servings: 1 + next(100),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
    const postId = typeof row === 'object' ? row.id : row
    const chosen = [...ingredients].sort(() => next(3) - 1).slice(0, 1 + next(ingredients.length))
    await db.table('post_ingredients').multiInsert(
      chosen.map((ingredient, position) => {
        const units = UNITS_OF[ingredient.name]
        const huge = ingredient.name === '소금' && next(2) === 0
        return {
          post_id: postId,
          ingredient_id: ingredient.id,
          quantity: huge ? HUGE[next(HUGE.length)] : QUANTITIES[next(QUANTITIES.length)],
          measure: huge ? null : units[next(units.length)],
          position,
        }
      })
    )
  }
}

/* Each recipe as stored, and as RecipeCostCalculator prices it from the current catalogue. */
async function storedAndExpected() {
  const lines = await db
    .from('post_ingredients as pi')
    .join('posts as p', 'p.id', 'pi.post_id')
    .join('post_prices as pp', 'pp.post_id', 'p.id')
    .join('ingredients as i', 'i.id', 'pi.ingredient_id')
    .select('p.id', 'p.servings', 'pi.quantity', 'pi.measure as line_measure')
    .select('i.measure', 'i.price', 'i.unit')
    .select(
      db.raw(`CAST(pp.price AS TEXT) AS stored_price,
        CAST(pp.price_per_serving AS TEXT) AS stored_per_serving,
        CAST(pp.price_date AS TEXT) AS stored_date, CAST(i.price_date AS TEXT) AS price_date,
        CAST(i.grams_per_piece AS TEXT) AS grams_per_piece,
        CAST(i.ml_per_piece AS TEXT) AS ml_per_piece`)
    )
    .orderBy('p.id')
  const recipes = new Map<
    number,
    {
      servings: number
      stored: { price: number; perServing: number; date: string | null }
      lines: { quantity: ReturnType<typeof ownQuantity>; price: number; unit: number }[]
      date: string | null
    }
  >()
  for (const line of lines) {
    const id = Number(line.id)
    const recipe = recipes.get(id) ?? {
      servings: Number(line.servings),
      stored: {
        price: Number(line.stored_price),
        perServing: Number(line.stored_per_serving),
        date: line.stored_date === null ? null : String(line.stored_date).slice(0, 10),
      },
      lines: [],
      date: null,
    }
    recipe.lines.push({
      quantity: ownQuantity(line.quantity, line.line_measure, {
        measure: line.measure,
        gramsPerPiece: line.grams_per_piece,
        mlPerPiece: line.ml_per_piece,
      }),
      price: Number(line.price),
      unit: Number(line.unit),
    })
    const date = line.price_date === null ? null : String(line.price_date).slice(0, 10)
    if (date !== null && (recipe.date === null || date > recipe.date)) {
      recipe.date = date
    }
    recipes.set(id, recipe)
  }
  return [...recipes].map(([id, recipe]) => {
    const cost = RecipeCostCalculator.calculate(recipe.lines, recipe.servings)
    return {
      id,
      stored: recipe.stored,
      expected: { price: cost.price, perServing: cost.pricePerServing, date: recipe.date },
    }
  })
}

test.group('prices:import reprices every affected recipe exactly', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(120_000)

  test('every stored price equals the calculator on generated recipes', async ({ assert }) => {
    await createCatalogueAndRecipes(400)
    const all = await db.from('ingredients').select('id')
    await db.transaction((trx) =>
      RecipeRepricer.repriceRecipesUsing(
        all.map((row) => Number(row.id)),
        trx
      )
    )
    const priced = await storedAndExpected()
    assert.deepEqual(
      priced.filter(({ stored, expected }) => JSON.stringify(stored) !== JSON.stringify(expected)),
      []
    )
    const tomorrow = daysFrom(todayUtc(), 1)
    /* Newer prices for all but 참기름: its recipes only move if they use another one. */
    const file = await writeTmp(
      'bulk.csv',
      'name,measure,price,unit,observed_on,source\n' +
        INGREDIENTS.filter((item) => item.name !== '참기름')
          .map(
            (item, index) =>
              `${item.name},${item.measure},${item.price * 3 + index},${item.unit + 1},${tomorrow},bulk`
          )
          .join('\n') +
        '\n'
    )

    const command = await runPricesImport(file)

    command.assertSucceeded()
    command.assertLogMatches(/recipe\(s\) repriced \(repricing \d+ ms\)/)
    const recipes = await storedAndExpected()
    assert.isAbove(recipes.length, 300)
    const wrong = recipes.filter(
      ({ stored, expected }) => JSON.stringify(stored) !== JSON.stringify(expected)
    )
    assert.deepEqual(wrong, [])
    /* Ties, sums past 2^53 and dates all came through (the data set is not trivial). */
    assert.isTrue(recipes.some(({ expected }) => expected.date === tomorrow))
    assert.isTrue(recipes.some(({ expected }) => expected.date === todayUtc()))
    /* SQLite: the bulk flag is gone with the import, so later writes move the lists' version again. */
    if (db.connection().dialect.name !== 'postgres') {
      assert.deepEqual(await db.from('bulk_repricing').select('flag'), [])
    }
  })

  test('the repricing read takes servings from the index, not the posts rows', async ({
    assert,
  }) => {
    await createCatalogueAndRecipes(20)
    for (const filtered of [0, 2]) {
      const sql = recipeRowsStatement(db.connection().dialect.name === 'postgres', filtered)
      const bindings = Array(filtered).fill(1)
      if (db.connection().dialect.name === 'postgres') {
        /* A test table is tiny (a scan is cheaper): ask whether the index can be used at all. */
        const plan = await db.transaction(async (trx) => {
          await trx.rawQuery('SET LOCAL enable_seqscan = off')
          await trx.rawQuery('SET LOCAL enable_bitmapscan = off')
          const result = await trx.rawQuery(`EXPLAIN ${sql}`, bindings)
          return result.rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n')
        })
        assert.match(plan, /Index Only Scan using posts_id_servings_index on posts/, plan)
        continue
      }
      const rows: { detail: string }[] = await db.rawQuery(`EXPLAIN QUERY PLAN ${sql}`, bindings)
      const plan = rows.map((row) => row.detail).join('\n')
      assert.match(plan, /SEARCH p USING COVERING INDEX posts_id_servings_index/, plan)
    }
  })
})
