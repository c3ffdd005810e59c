import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import SqliteReads from '#database/engine/sqlite_reads'
import PgReads, { STATEMENTS_PER_CONNECTION } from '#database/engine/pg_reads'
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
 * The committed reads (lists, details) run on the engine's own connections
 * (database/engine/): a better-sqlite3 connection of its own, or a pg.Pool
 * of its own; writes stay on Lucid's pool. Real commits: those connections
 * see committed rows only.
 */
test.group('Engine read connections', (group) => {
  group.each.setup(withRealCommits)

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

  test('SQLite: the read connection refuses writes', async ({ assert }) => {
    const config = db.manager.get(db.primaryConnectionName)!.config
    if (!isSqlite()) {
      return assert.equal(config.client, 'pg')
    }
    await catalogue()
    const author = await makeMember()
    await makeRecipe(author)
    const reads = new SqliteReads((config.connection as { filename: string }).filename)
    try {
      assert.throws(
        () => reads.connection.prepare('DELETE FROM posts').run(),
        /readonly|query_only/i
      )
    } finally {
      await reads.close()
    }
    const [row] = await db.from('posts').count('* as total')
    assert.equal(Number(row.total), 1)
  })

  test('PostgreSQL: statements are named, and a connection is replaced after STATEMENTS_PER_CONNECTION names', async ({
    assert,
  }) => {
    const config = db.manager.get(db.primaryConnectionName)!.config
    if (isSqlite()) {
      return assert.equal(config.client, 'better-sqlite3')
    }
    /* One connection, so every statement below runs on it until it is replaced. */
    const reads = new PgReads(config.connection as any, 1)
    try {
      const probe = () =>
        reads.all<{ pid: number; named: number }>(
          `SELECT pg_backend_pid() AS pid, count(*)::int AS named FROM pg_prepared_statements WHERE name LIKE 'hankki_%'`,
          []
        )
      const [first] = await probe()
      for (let index = 0; index < STATEMENTS_PER_CONNECTION - 2; index++) {
        const [row] = await reads.all<{ n: number }>(`SELECT $1::int + ${index} AS n`, [1])
        assert.equal(row.n, 1 + index)
      }
      const [full] = await probe()
      assert.equal(full.pid, first.pid)
      assert.equal(full.named, STATEMENTS_PER_CONNECTION - 1)
      /* The text seen before runs again under its name, on the same connection. */
      await reads.all(`SELECT $1::int + 0 AS n`, [2])
      /* The next new name fills the connection: it is closed after that statement. */
      await reads.all(`SELECT $1::int AS engine_probe_last`, [3])
      const [fresh] = await probe()
      assert.notEqual(fresh.pid, first.pid)
      assert.equal(fresh.named, 1)
    } finally {
      await reads.close()
    }
  })
})
