import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import DemoDataGenerator, { DEMO_PASSWORD } from '#database/demo/demo_data_generator'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { postsTotal } from '#tests/helpers/database'

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

    const posts = await db.from('posts').select('*').orderBy('id')
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

  test('refuses to make recipes without a catalogue', async ({ assert }) => {
    await assert.rejects(
      () => new DemoDataGenerator().generate({ members: 1, recipes: 1, likes: 0, comments: 0 }),
      /catalogue is empty/
    )
  })
})
