import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { STATEMENT_CACHE_SIZE, unpeekableParameters } from '#database/prepared_statements'
import CompiledQuery, { param } from '#services/compiled_query'
import { withRealCommits } from '#tests/helpers/database'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'

/* A pooled driver connection of the app's own pool, returned afterwards. */
async function withPooledConnection<T>(work: (connection: any) => Promise<T>) {
  const pool = db.connection().getWriteClient().client
  const connection = await pool.acquireConnection()
  try {
    return await work(connection)
  } finally {
    pool.releaseConnection(connection)
  }
}

const isPostgres = () => db.connection().dialect.name === 'postgres'

test.group('Driver-level statement reuse', (group) => {
  group.each.setup(withRealCommits)

  test('SQLite values become +? outside quoted text and identifiers', ({ assert }) => {
    assert.equal(
      unpeekableParameters('select * from "a?" where `b?` = ? and c = \'x?\' and d in (?, ?)'),
      'select * from "a?" where `b?` = +? and c = \'x?\' and d in (+?, +?)'
    )
    assert.equal(
      unpeekableParameters("select 'it''s ?' where a = ?"),
      "select 'it''s ?' where a = +?"
    )
  })

  test('lookups by integer and text values find the same rows through +?', async ({ assert }) => {
    await catalogue()
    const author = await makeMember()
    const postId = await makeRecipe(author, { title: '김치찌개' })
    /* Text '1'-style values against INTEGER keys, and text against TEXT, as knex binds them. */
    const byId = await db.from('posts').where('id', postId).select('title')
    const byTextId = await db.from('posts').where('id', String(postId)).select('title')
    const byTitle = await db.from('posts').where('title', '김치찌개').select('id')
    assert.deepEqual(byId, [{ title: '김치찌개' }])
    assert.deepEqual(byTextId, [{ title: '김치찌개' }])
    assert.deepEqual(
      byTitle.map((row) => Number(row.id)),
      [postId]
    )
  })

  test('PostgreSQL keeps at most STATEMENT_CACHE_SIZE named statements per connection', async ({
    assert,
  }) => {
    if (!isPostgres()) {
      /* The naming applies to PostgreSQL only; SQLite keeps its own statement objects. */
      return assert.equal(db.connection().dialect.name, 'better-sqlite3')
    }
    await withPooledConnection(async (connection) => {
      const distinct = STATEMENT_CACHE_SIZE + 40
      for (let index = 0; index < distinct; index++) {
        const result = await connection.query({
          text: `SELECT $1::int + ${index} AS n`,
          values: [1],
        })
        assert.equal(result.rows[0].n, 1 + index)
      }
      const { rows } = await connection.query({
        text: "SELECT count(*)::int AS named FROM pg_prepared_statements WHERE name LIKE 'hankki_%'",
        values: [],
      })
      assert.isAtMost(rows[0].named, STATEMENT_CACHE_SIZE)
      assert.isAtLeast(rows[0].named, STATEMENT_CACHE_SIZE - 1)
      /* A text seen before runs again under its name. */
      const again = await connection.query({
        text: `SELECT $1::int + ${distinct - 1} AS n`,
        values: [2],
      })
      assert.equal(again.rows[0].n, 2 + distinct - 1)
    })
  })

  test('PostgreSQL leaves DDL and transaction control unnamed', async ({ assert }) => {
    if (!isPostgres()) {
      return assert.equal(db.connection().dialect.name, 'better-sqlite3')
    }
    await withPooledConnection(async (connection) => {
      await connection.query({ text: 'BEGIN', values: [] })
      await connection.query({ text: 'CREATE TEMP TABLE statement_probe (n int)', values: [] })
      await connection.query({ text: 'INSERT INTO statement_probe VALUES ($1)', values: [5] })
      await connection.query({ text: 'ROLLBACK', values: [] })
      const { rows } = await connection.query({
        text: 'SELECT statement FROM pg_prepared_statements',
        values: [],
      })
      const statements = rows.map((row: { statement: string }) => row.statement)
      assert.include(statements, 'INSERT INTO statement_probe VALUES ($1)')
      assert.notInclude(statements, 'BEGIN')
      assert.notInclude(statements, 'CREATE TEMP TABLE statement_probe (n int)')
    })
  })
})

test.group('Compiled queries', (group) => {
  group.each.setup(withRealCommits)

  test('compiled once per key, run with new values, reported as db:query', async ({ assert }) => {
    await catalogue()
    const author = await makeMember()
    const first = await makeRecipe(author, { title: '하나' })
    const second = await makeRecipe(author, { title: '둘' })
    let builds = 0
    const byId = () =>
      CompiledQuery.of('test.posts.title_by_id', () => {
        builds++
        return db.from('posts').where('id', param('postId')).select('title')
      })

    const queries = await recordQueries(async () => {
      assert.deepEqual(await byId().run({ postId: first }), [{ title: '하나' }])
      assert.deepEqual(await byId().run({ postId: second }), [{ title: '둘' }])
      assert.deepEqual(await byId().run({ postId: 0 }), [])
    })
    assert.equal(builds, 1)
    assert.lengthOf(queries, 3)
  })

  test('a missing or non-scalar value is a programming error, not a query', async ({ assert }) => {
    const query = CompiledQuery.of('test.posts.by_member', () =>
      db.from('posts').where('member_id', param('memberId')).select('id')
    )
    await assert.rejects(() => query.run({}), /memberId/)
    await assert.rejects(() => query.run({ memberId: true }), /memberId/)
    await assert.rejects(() => query.run({ memberId: { id: 1 } }), /memberId/)
    if (!isPostgres()) {
      /* Arrays are PostgreSQL arrays; SQLite has none. */
      await assert.rejects(() => query.run({ memberId: [1] }), /memberId/)
    }
    assert.deepEqual(await query.run({ memberId: 1 }), [])
  })

  test('a Date is bound as knex binds it (timestamptz, or epoch ms on SQLite)', async ({
    assert,
  }) => {
    const member = await makeMember()
    const createdAt = new Date('2026-01-02T03:04:05.678Z')
    const [inserted] = await db
      .table('posts')
      .insert({
        member_id: member.id,
        title: '날짜',
        content: 'c',
        servings: 1,
        price: 0,
        price_per_serving: 0,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
    /* Lucid answers the id itself on SQLite, a row on PostgreSQL. */
    const id = Number(inserted?.id ?? inserted)
    const since = CompiledQuery.of('test.posts.created_since', () =>
      db
        .from('posts')
        .where('created_at', '>=', param('since'))
        .where('id', param('id'))
        .select('id')
    )
    assert.lengthOf(await since.run({ since: createdAt, id }), 1)
    assert.lengthOf(await since.run({ since: new Date(createdAt.getTime() + 1), id }), 0)
  })

  test('sqliteTransaction: statements commit together, and a throw rolls all of them back', async ({
    assert,
  }) => {
    if (isPostgres()) {
      /* PostgreSQL writes that commit together are one statement (see RecipeWriter). */
      return assert.rejects(() => CompiledQuery.sqliteTransaction(() => 1), /SQLite only/)
    }
    const member = await makeMember()
    const insert = CompiledQuery.of(
      'test.posts.insert',
      () =>
        db.rawQuery(
          `INSERT INTO posts (member_id, title, content, servings, price, price_per_serving, created_at, updated_at)
           VALUES (?, ?, 'c', 1, 0, 0, ?, ?) RETURNING id`,
          [param('memberId'), param('title'), param('now'), param('now')]
        ),
      { write: true }
    )
    const titles = async () => {
      const rows = await db
        .from('posts')
        .where('member_id', member.id)
        .orderBy('id')
        .select('title')
      return rows.map((row) => row.title)
    }
    const ids = await CompiledQuery.sqliteTransaction((run) => [
      run(insert, { memberId: member.id, title: '하나', now: new Date() })[0].id,
      run(insert, { memberId: member.id, title: '둘', now: new Date() })[0].id,
    ])
    assert.lengthOf(ids, 2)
    await assert.rejects(() =>
      CompiledQuery.sqliteTransaction((run) => {
        run(insert, { memberId: member.id, title: '셋', now: new Date() })
        throw new Error('the second write failed')
      })
    )
    assert.deepEqual(await titles(), ['하나', '둘'])
  })

  test('inside a global transaction, statements run one after another', async ({ assert }) => {
    if (!isPostgres()) {
      /* better-sqlite3 runs each statement to its end synchronously. */
      return assert.equal(db.connection().dialect.name, 'better-sqlite3')
    }
    const trx = await db.beginGlobalTransaction()
    try {
      const pool = db.connection().getReadClient().client
      const connection = await pool.acquireConnection()
      pool.releaseConnection(connection)
      /* The transaction's one connection: count statements sent while another runs. */
      const query = connection.query
      let running = 0
      let overlapping = 0
      connection.query = (...args: unknown[]) => {
        if (running > 0) overlapping++
        running++
        const result = query.apply(connection, args)
        const done = () => running--
        if (result && typeof result.then === 'function') {
          result.then(done, done)
        }
        return result
      }
      try {
        const number = CompiledQuery.of('test.select_number', () =>
          db.query().select(db.raw('? AS n', [param('n')]))
        )
        const rows = await Promise.all([1, 2, 3].map((n) => number.run({ n })))
        assert.deepEqual(
          rows.map(([row]) => Number(row.n)),
          [1, 2, 3]
        )
        assert.equal(overlapping, 0)
      } finally {
        connection.query = query
      }
    } finally {
      await db.rollbackGlobalTransaction()
      assert.isTrue(trx.isCompleted)
    }
  })
})
