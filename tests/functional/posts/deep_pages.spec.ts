import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { insertPostsWithPrices, makeMember, recordQueries } from '#tests/helpers/recipes'
import { bulkRepricing } from '#services/recipes/list_version'

/*
 * Pages from offset 1,000 on seek from a position seen by an earlier request
 * (PageAnchors) as long as the lists' version has not moved, and walk OFFSET
 * otherwise. Real commits: inside a transaction no position is used.
 */
const RECIPES = 1250

interface Row {
  id: number
  title: string
  price: number
  price_per_serving: number
  created_at: Date
}

/* RECIPES recipes one second apart; prices repeat every 97 so ties are broken by id. */
async function insertRecipes() {
  const author = await makeMember()
  const base = Date.UTC(2026, 0, 1)
  const rows = Array.from({ length: RECIPES }, (_, index) => ({
    member_id: author.id,
    title: index % 5 === 0 ? `다른 요리 ${index}` : `공통 요리 ${index}`,
    content: '끓인다',
    servings: 1,
    price: (index * 37) % 101,
    price_per_serving: (index * 31) % 97,
    created_at: new Date(base + index * 1000),
    updated_at: new Date(base + index * 1000),
  }))
  await insertPostsWithPrices(rows)
  return author
}

/* Every recipe in the order of `sort`, as the contract defines it. */
async function expectedOrder(sort: 'latest' | 'oldest' | 'price' | 'price_per_serving') {
  const rows: Row[] = await db
    .from('posts')
    .join('post_prices', 'post_prices.post_id', 'posts.id')
    .select('id', 'title', 'price', 'price_per_serving', 'created_at')
  const key = (row: Row): number =>
    sort === 'latest' || sort === 'oldest' ? new Date(row.created_at).getTime() : Number(row[sort])
  const ascending = [...rows].sort((a, b) => key(a) - key(b) || a.id - b.id)
  return sort === 'latest' ? ascending.reverse() : ascending
}

const idsOf = (body: { posts: { id: number }[] }) => body.posts.map((post) => post.id)
/* A seek reads its anchor row: from posts (by id) or, for a price sort, post_prices (by post_id). */
const seeks = (queries: string[]) =>
  queries.filter((sql) => /"?anchor"?\."?(post_)?id"? = /.test(sql))

test.group('GET /posts deep pages', (group) => {
  group.each.setup(withRealCommits)

  test('a page seen before is sought from its first row, the next one from the last row', async ({
    client,
    assert,
  }) => {
    await insertRecipes()
    for (const sort of ['latest', 'oldest', 'price', 'price_per_serving'] as const) {
      const ordered = await expectedOrder(sort)
      const expected = ordered.map((row) => row.id)
      const page = async (pageNo: number) => {
        let body: any
        const queries = await recordQueries(async () => {
          const response = await client.get('/posts').qs({ sort, pageNo, pageSize: 10 })
          response.assertStatus(200)
          body = response.body()
        })
        assert.deepEqual(idsOf(body), expected.slice((pageNo - 1) * 10, pageNo * 10), sort)
        assert.include(body, { total: RECIPES, lastPage: 125, pageNo })
        return queries
      }

      const walked = await page(101)
      assert.lengthOf(walked, 1, sort)
      assert.lengthOf(seeks(walked), 0, `${sort}: first visit walks OFFSET 1000`)
      for (const pageNo of [101, 102, 103]) {
        const sought = await page(pageNo)
        assert.lengthOf(sought, 1, `${sort} page ${pageNo}`)
        assert.lengthOf(seeks(sought), 1, `${sort} page ${pageNo} is sought`)
      }
      /* Not next to a page seen: walked. The last page has no next one. */
      assert.lengthOf(seeks(await page(125)), 0)
      assert.lengthOf(seeks(await page(125)), 1)
      const past = await client.get('/posts').qs({ sort, pageNo: 126, pageSize: 10 })
      assert.deepEqual(past.body().posts, [])
    }
  })

  test('filtered lists keep their own positions; likes order is always walked', async ({
    client,
    assert,
  }) => {
    await insertRecipes()
    const byPrice = await expectedOrder('price_per_serving')
    const matches = byPrice.filter((row) => row.price_per_serving <= 90).map((row) => row.id)
    assert.isAbove(matches.length, 1005)
    /* Every title holds 요리: the search probes, and the price filter reads the rows. */
    const qs = { q: '요리', maxPrice: 90, sort: 'price_per_serving', pageSize: 5 }
    for (const visit of [1, 2]) {
      const queries = await recordQueries(async () => {
        const response = await client.get('/posts').qs({ ...qs, pageNo: 201 })
        response.assertStatus(200)
        assert.deepEqual(idsOf(response.body()), matches.slice(1000, 1005))
        assert.equal(response.body().total, matches.length)
      })
      /* The filtered count, then the page; then the page alone (the count is kept). */
      assert.lengthOf(queries, visit === 1 ? 2 : 1, `visit ${visit}`)
      assert.lengthOf(seeks(queries), visit - 1, `visit ${visit}`)
    }
    /* Another filter value is another list. */
    const other = await recordQueries(async () => {
      const response = await client.get('/posts').qs({ ...qs, maxPrice: 95, pageNo: 201 })
      assert.lengthOf(response.body().posts, 5)
    })
    assert.lengthOf(seeks(other), 0)

    for (const visit of [1, 2]) {
      const queries = await recordQueries(async () => {
        const response = await client.get('/posts').qs({ sort: 'likes', pageNo: 101 })
        response.assertStatus(200)
        assert.lengthOf(response.body().posts, 10)
      })
      assert.lengthOf(seeks(queries), 0, `likes, visit ${visit}`)
    }
  })

  test('every change to the order moves the version: no page is served stale', async ({
    client,
    assert,
  }) => {
    const author = await insertRecipes()
    const check = async (
      sort: 'latest' | 'price_per_serving',
      expectSeek: boolean,
      message: string
    ) => {
      const ordered = await expectedOrder(sort)
      const expected = ordered.map((row) => row.id).slice(1000, 1010)
      const queries = await recordQueries(async () => {
        const response = await client.get('/posts').qs({ sort, pageNo: 101 })
        response.assertStatus(200)
        assert.deepEqual(idsOf(response.body()), expected, message)
      })
      /* A stale position costs its seek and then the walk. */
      assert.lengthOf(queries, expectSeek ? 1 : 2, message)
    }
    const version = async () => {
      const [row] = await db.from('counters').where('name', 'like', 'posts#%').sum('changes as v')
      return Number(row.v)
    }

    await client.get('/posts').qs({ pageNo: 101 })
    await client.get('/posts').qs({ sort: 'price_per_serving', pageNo: 101 })
    await check('latest', true, 'seen')
    await check('price_per_serving', true, 'seen')

    const before = await version()
    const [inserted] = await db
      .table('posts')
      .insert({
        member_id: author.id,
        title: '새 요리',
        content: '끓인다',
        servings: 1,
        created_at: new Date(Date.UTC(2027, 0, 1)),
        updated_at: new Date(Date.UTC(2027, 0, 1)),
      })
      .returning('id')
    const newest = Number(typeof inserted === 'object' ? inserted.id : inserted)
    await db.from('post_prices').where('post_id', newest).update({ price: 5, price_per_serving: 5 })
    assert.isAbove(await version(), before)
    await check('latest', false, 'after an insert')
    await check('latest', true, 'seen again')

    /* Likes and comments change counts that order nothing here. */
    const fan = await makeMember()
    const unchanged = await version()
    await db.table('post_likes').insert({
      post_id: newest,
      member_id: fan.id,
      created_at: new Date(),
    })
    await db.from('posts').where('id', newest).update({ content: '볶는다' })
    assert.equal(await version(), unchanged)
    await check('latest', true, 'after a like and a content edit')

    /* The same price written again is no change either. */
    const [cheapest] = await expectedOrder('price_per_serving')
    await db
      .from('post_prices')
      .where('post_id', cheapest.id)
      .update({ price_per_serving: cheapest.price_per_serving })
    assert.equal(await version(), unchanged)
    await db.from('post_prices').where('post_id', cheapest.id).update({ price_per_serving: 96 })
    await check('price_per_serving', false, 'after a price change')

    await db.from('posts').where('id', newest).delete()
    await check('latest', false, 'after a delete')
    await check('latest', true, 'seen after the delete')
  })

  test('a bulk repricing moves the version once, and its new prices are served', async ({
    client,
    assert,
  }) => {
    await insertRecipes()
    await client.get('/posts').qs({ sort: 'price_per_serving', pageNo: 101 })
    const [row] = await db.from('counters').where('name', 'like', 'posts#%').sum('changes as v')
    const before = Number(row.v)

    const posts = await db.from('posts').select('id').orderBy('id')
    const ids = posts.map((post) => post.id)
    await db.transaction(async (trx) => {
      await bulkRepricing(trx, async () => {
        for (const [index, id] of ids.entries()) {
          await trx
            .from('post_prices')
            .where('post_id', id)
            .update({ price_per_serving: 1000 - (index % 500) })
        }
      })
    })

    /* Once for the whole repricing, on both databases. */
    const [after] = await db.from('counters').where('name', 'like', 'posts#%').sum('changes as v')
    assert.equal(Number(after.v), before + 1)

    /* After it, in the same transaction or later, every changed row counts again. */
    await db.transaction(async (trx) => {
      await bulkRepricing(trx, async () => {
        await trx.from('post_prices').where('post_id', ids[0]).update({ price_per_serving: 5 })
      })
      await trx.from('post_prices').where('post_id', ids[1]).update({ price_per_serving: 6 })
    })
    await db.from('post_prices').where('post_id', ids[2]).update({ price_per_serving: 7 })
    const [last] = await db.from('counters').where('name', 'like', 'posts#%').sum('changes as v')
    assert.equal(Number(last.v), before + 1 + 1 + 2)
    const ordered = await expectedOrder('price_per_serving')
    const expected = ordered.map((post) => post.id)
    const response = await client.get('/posts').qs({ sort: 'price_per_serving', pageNo: 101 })
    assert.deepEqual(idsOf(response.body()), expected.slice(1000, 1010))
  })
})
