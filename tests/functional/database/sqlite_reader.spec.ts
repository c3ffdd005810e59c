import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import SqliteReader from '#database/sqlite_reader'
import { withRealCommits } from '#tests/helpers/database'
import { catalogue, makeMember, makeRecipe } from '#tests/helpers/recipes'

const isSqlite = () => db.connection().dialect.name !== 'postgres'

/* Whatever `work` resolves to, or 'timed out' after `ms`. */
function within<T>(ms: number, work: Promise<T>) {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/*
 * On SQLite the compiled reads (lists, details) run on a read connection of
 * their own (database/sqlite_reader.ts); writes keep the pool's one
 * connection. Real commits: a global transaction's reads stay on its own
 * connection.
 */
test.group('SQLite read connection', (group) => {
  group.each.setup(withRealCommits)

  test('is open on SQLite only', async ({ assert }) => {
    if (isSqlite()) {
      assert.isNotNull(SqliteReader.connection())
    } else {
      assert.isNull(SqliteReader.connection())
    }
  })

  test('a list is answered while a write transaction holds the pool connection', async ({
    client,
    assert,
  }) => {
    await catalogue()
    const author = await makeMember()
    await makeRecipe(author, { title: '김치찌개' })

    /* SQLite's pool is one connection: this transaction holds it until rolled back. */
    const trx = await db.transaction()
    try {
      await trx.from('counters').where('name', 'like', 'posts#%').increment('value', 100)
      const response = await within(3000, client.get('/posts'))
      assert.notEqual(response, 'timed out', 'the list waited for the write transaction')
      if (response !== 'timed out') {
        response.assertStatus(200)
        /* Committed rows only: the transaction's uncommitted count is not seen. */
        assert.equal(response.body().total, 1)
        assert.deepEqual(
          response.body().posts.map((post: { title: string }) => post.title),
          ['김치찌개']
        )
      }
    } finally {
      await trx.rollback()
    }
  })

  test('sees every commit of the pool connection at once', async ({ client, assert }) => {
    await catalogue()
    const author = await makeMember()
    const first = await makeRecipe(author, { title: '된장찌개' })
    const before = await client.get(`/posts/${first}`)
    before.assertStatus(200)
    assert.equal(before.body().post.title, '된장찌개')

    await db.from('posts').where('id', first).update({ title: '순두부찌개' })
    await makeRecipe(author, { title: '부대찌개' })

    const detail = await client.get(`/posts/${first}`)
    detail.assertStatus(200)
    assert.equal(detail.body().post.title, '순두부찌개')
    const list = await client.get('/posts')
    list.assertStatus(200)
    assert.equal(list.body().total, 2)
    assert.sameMembers(
      list.body().posts.map((post: { title: string }) => post.title),
      ['순두부찌개', '부대찌개']
    )
  })

  test('refuses writes', async ({ assert }) => {
    if (!isSqlite()) {
      return assert.isNull(SqliteReader.connection())
    }
    await catalogue()
    const author = await makeMember()
    await makeRecipe(author)
    const reader = SqliteReader.connection()!
    assert.throws(() => reader.prepare('DELETE FROM posts').run(), /readonly|query_only/i)
    const [row] = await db.from('posts').count('* as total')
    assert.equal(Number(row.total), 1)
  })
})
