import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import db from '@adonisjs/lucid/services/db'
import { catalogue, makeMember, makeRecipe } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

/*
 * A price import that commits while a recipe is being written: the recipe
 * must be saved with the new price, never the one the import replaced. The
 * "import" here is a transaction that updates the ingredient row (as
 * PriceHistory.refreshIngredients does) and commits while the write is under way.
 * On PostgreSQL the write reads the prices FOR SHARE and so waits for it; on
 * SQLite the single Lucid connection serialises them.
 */
test.group('Recipe writes during a price import', (group) => {
  group.each.setup(withRealCommits)

  for (const kind of ['create', 'update'] as const) {
    test(`${kind}: a price committed during the write is the one saved`, async ({
      client,
      assert,
    }) => {
      const ids = await catalogue()
      const alice = await makeMember()
      const postId = kind === 'update' ? await makeRecipe(alice, { lines: [['삼겹살', '100']] }) : 0
      const form = {
        post: { title: '경합', content: '굽는다', servings: 1 },
        ingredients: [{ id: ids['삼겹살'], quantity: '0.5', measure: 'kg' }],
      }
      const trx = await db.transaction()
      await trx.from('ingredients').where('id', ids['삼겹살']).update({ price: 20000, unit: 500 })
      const request = (
        kind === 'create' ? client.post('/posts/forms') : client.put(`/posts/forms/${postId}`)
      )
        .json(form)
        .loginAs(alice)
        .then((response) => response)
      await sleep(300)
      await trx.commit()
      const response = await request
      response.assertStatus(kind === 'create' ? 201 : 200)
      /* 20000 × 500 / 500, not the replaced 14560 × 500 / 500. */
      assert.equal(response.body().price, 20000)
      const stored = await db
        .from('post_prices')
        .where('post_id', response.body().post_id)
        .select('price')
        .firstOrFail()
      assert.equal(Number(stored.price), 20000)
    }).timeout(10_000)
  }
})
