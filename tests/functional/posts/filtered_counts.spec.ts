import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'

/*
 * A filtered list's count is kept while the lists' version lasts: the next
 * request with the same filter values reads the page alone. Every change
 * that can change a count moves the version, so no total is served stale.
 * Real commits: inside a transaction nothing is kept.
 */
test.group('GET /posts filtered counts', (group) => {
  group.each.setup(withRealCommits)

  test('kept while nothing changes, read again after a change', async ({ client, assert }) => {
    const author = await makeMember()
    const stews: number[] = []
    for (let index = 0; index < 12; index++) {
      stews.push(await makeRecipe(author, { title: `김치찌개 ${index}` }))
    }
    await makeRecipe(author, { title: '된장국' })

    const list = async (
      qs: Record<string, unknown>,
      expected: { total: number; queries: number }
    ) => {
      let body: any
      const queries = await recordQueries(async () => {
        const response = await client.get('/posts').qs(qs)
        response.assertStatus(200)
        body = response.body()
      })
      assert.equal(body.total, expected.total, JSON.stringify(qs))
      assert.lengthOf(queries, expected.queries, JSON.stringify(qs))
      return body
    }

    await list({ q: '찌개' }, { total: 12, queries: 2 })
    await list({ q: '찌개', pageSize: 5, pageNo: 3 }, { total: 12, queries: 1 })
    /* The sort does not change a count. */
    await list({ q: '찌개', sort: 'price' }, { total: 12, queries: 1 })
    /* Past the end: the lists' version alone tells the count still holds. */
    const past = await list({ q: '찌개', pageNo: 9 }, { total: 12, queries: 1 })
    assert.deepEqual(past.posts, [])
    assert.equal(past.lastPage, 2)

    /* A new match: the page read first shows the change, so the count is read again. */
    const newest = await makeRecipe(author, { title: '참치찌개' })
    const first = await list({ q: '찌개' }, { total: 13, queries: 2 })
    assert.equal(first.posts[0].id, newest)
    await list({ q: '찌개' }, { total: 13, queries: 1 })

    /* A title edited out of the search, then a deletion, past the end each time. */
    await db.from('posts').where('id', stews[0]).update({ title: '김치볶음밥' })
    await list({ q: '찌개', pageNo: 9 }, { total: 12, queries: 2 })
    await db.from('posts').where('id', stews[1]).delete()
    await list({ q: '찌개', pageNo: 9 }, { total: 11, queries: 2 })
    await list({ q: '찌개' }, { total: 11, queries: 1 })

    /* A like changes no count: still kept. */
    const fan = await makeMember()
    await db
      .table('post_likes')
      .insert({ post_id: stews[2], member_id: fan.id, created_at: new Date() })
    await list({ q: '찌개' }, { total: 11, queries: 1 })

    /* Other filter values are another count. */
    await list({ q: '된장' }, { total: 1, queries: 2 })
    await list({ q: '찌개', author: author.username }, { total: 11, queries: 2 })
  })
})
