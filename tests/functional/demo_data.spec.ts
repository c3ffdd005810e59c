import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import DemoDataGenerator, {
  DEMO_PASSWORD,
  DEMO_PRICE_SOURCE,
} from '#database/demo/demo_data_generator'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { postsTotal } from '#tests/helpers/database'
import { daysFrom, todayUtc } from '#tests/helpers/prices'

test.group('Demo data generator', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates the requested rows, with counters kept by the triggers', async ({ assert }) => {
    await seedCatalogue()
    const summary = await new DemoDataGenerator(db.connection(), { chunkSize: 7 }).generate({
      members: 6,
      recipes: 40,
      likes: 120,
      comments: 70,
    })
    assert.deepInclude(summary, { members: 6, recipes: 40, likes: 120, comments: 70 })

    const count = async (table: string) => {
      const row = await db.from(table).count('* as total').first()
      return Number(row.total)
    }
    assert.equal(await count('members'), 6)
    assert.equal(await count('posts'), 40)
    assert.equal(await count('post_likes'), 120)
    assert.equal(await count('comments'), 70)
    assert.equal(await postsTotal(), 40)

    const posts = await db.from('posts').select('id', 'member_id', 'like_count', 'comment_count')
    const likeRows = await db.from('post_likes').select('post_id', 'member_id')
    const commentRows = await db.from('comments').select('post_id')
    for (const post of posts) {
      assert.equal(post.like_count, likeRows.filter((like) => like.post_id === post.id).length)
      assert.equal(post.comment_count, commentRows.filter((c) => c.post_id === post.id).length)
    }
    const authorOf = new Map(posts.map((post) => [post.id, post.member_id]))
    assert.isFalse(
      likeRows.some((like) => authorOf.get(like.post_id) === like.member_id),
      'nobody likes their own recipe'
    )
  })

  test('prices come from the calculator and every member signs in with the demo password', async ({
    assert,
  }) => {
    await seedCatalogue()
    await new DemoDataGenerator().generate({ members: 3, recipes: 15, likes: 10, comments: 5 })

    const posts = await db
      .from('posts')
      .join('post_prices', 'post_prices.post_id', 'posts.id')
      .select('posts.*', 'post_prices.price', 'post_prices.price_per_serving')
      .orderBy('posts.id')
    const lines = await db
      .from('post_ingredients')
      .join('ingredients', 'ingredients.id', 'post_ingredients.ingredient_id')
      .select(
        'post_ingredients.post_id',
        'post_ingredients.quantity',
        'ingredients.price',
        'ingredients.unit'
      )
    const servings = new Set<number>()
    const titles = new Set<string>()
    for (const post of posts) {
      const recipeLines = lines.filter((line) => line.post_id === post.id)
      assert.isAtLeast(recipeLines.length, 2)
      assert.isAtMost(recipeLines.length, 8)
      const cost = RecipeCostCalculator.calculate(recipeLines, post.servings)
      assert.equal(post.price, cost.price)
      assert.equal(post.price_per_serving, cost.pricePerServing)
      servings.add(post.servings)
      titles.add(post.title)
    }
    assert.isAbove(servings.size, 1, 'servings vary')
    assert.isAbove(titles.size, 5, 'titles vary')
    assert.notEqual(String(posts[0].created_at), String(posts.at(-1).created_at))

    const members = await db.from('members').select('password')
    assert.equal(new Set(members.map((member) => member.password)).size, 1, 'one shared hash')
    assert.isTrue(await hash.verify(members[0].password, DEMO_PASSWORD))
  })

  test('every ingredient gets a year of daily prices ending today at its current price', async ({
    assert,
  }) => {
    await seedCatalogue()
    const before = await db.from('ingredients').select('*').orderBy('id')
    const summary = await new DemoDataGenerator(db.connection(), { chunkSize: 50 }).generate({
      members: 2,
      recipes: 5,
      likes: 3,
      comments: 2,
    })
    /* The catalogue's own observation (today) is kept: 364 demo days before it. */
    assert.equal(summary.priceObservations, 25 * 364)

    const rows = await db
      .from('ingredient_prices')
      .select(
        'ingredient_id',
        'price',
        'unit',
        'measure',
        'source',
        db.raw('CAST(observed_on AS TEXT) AS observed_on')
      )
      .orderBy('ingredient_id')
      .orderBy('observed_on')
      .orderBy('id')
    const today = todayUtc()
    assert.lengthOf(before, 25)
    for (const ingredient of before) {
      const history = rows.filter((row) => Number(row.ingredient_id) === Number(ingredient.id))
      assert.lengthOf(history, 365, ingredient.name)
      history.forEach((row, index) => {
        assert.equal(String(row.observed_on).slice(0, 10), daysFrom(today, index - 364))
        assert.equal(Number(row.unit), Number(ingredient.unit))
        assert.equal(row.measure, ingredient.measure)
        assert.isAbove(Number(row.price), 0)
      })
      assert.equal(Number(history.at(-1).price), Number(ingredient.price), ingredient.name)
      assert.isTrue(history.slice(0, -1).every((row) => row.source === DEMO_PRICE_SOURCE))
      const prices = history.map((row) => Number(row.price))
      assert.isAbove(new Set(prices).size, 10, `${ingredient.name} prices vary`)
      /* Seasons, not wild jumps: a third to three times today's price. */
      assert.isTrue(
        prices.every((price) => price > ingredient.price / 3 && price < 3 * ingredient.price),
        ingredient.name
      )
    }

    /* Current prices (and so recipe prices) are the catalogue's, unchanged. */
    const after = await db.from('ingredients').select('id', 'price', 'unit').orderBy('id')
    assert.deepEqual(
      after.map((row) => [Number(row.id), Number(row.price), Number(row.unit)]),
      before.map((row) => [Number(row.id), Number(row.price), Number(row.unit)])
    )

    /* A second run adds no observation for days that have one. */
    const again = await new DemoDataGenerator().generate({
      members: 1,
      recipes: 0,
      likes: 0,
      comments: 0,
    })
    assert.equal(again.priceObservations, 0)
    const total = await db.from('ingredient_prices').count('* as total').first()
    assert.equal(Number(total.total), 25 * 365)
  })

  test('a cabbage-like season: greens peak in summer, kimchi in late summer', async ({
    assert,
  }) => {
    await seedCatalogue()
    await new DemoDataGenerator().generate({ members: 1, recipes: 0, likes: 0, comments: 0 })
    const meanByMonth = async (name: string) => {
      const rows = await db
        .from('ingredient_prices')
        .join('ingredients', 'ingredients.id', 'ingredient_prices.ingredient_id')
        .where('ingredients.name', name)
        .select('ingredient_prices.price', db.raw('CAST(observed_on AS TEXT) AS observed_on'))
      const sums = new Map<number, number[]>()
      for (const row of rows) {
        const month = Number(String(row.observed_on).slice(5, 7))
        sums.set(month, [...(sums.get(month) ?? []), Number(row.price)])
      }
      return (month: number) => {
        const list = sums.get(month)!
        return list.reduce((sum, price) => sum + price, 0) / list.length
      }
    }
    const lettuce = await meanByMonth('상추')
    assert.isAbove(lettuce(7), lettuce(1) * 1.3)
    const kimchi = await meanByMonth('배추김치')
    assert.isAbove(kimchi(9), kimchi(3) * 1.15)
  })

  test('refuses to make recipes without a catalogue', async ({ assert }) => {
    await assert.rejects(
      () => new DemoDataGenerator().generate({ members: 1, recipes: 1, likes: 0, comments: 0 }),
      /catalogue is empty/
    )
  })
})
