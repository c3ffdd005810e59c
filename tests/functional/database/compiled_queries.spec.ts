import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import CompiledQuery, { CommittedRead, param } from '#database/engine/compiled_query'
import { withRealCommits } from '#tests/helpers/database'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'

const isPostgres = () => db.connection().dialect.name === 'postgres'

/* A recipe row written with a compiled statement (RETURNING id). */
const insertPost = () =>
  CompiledQuery.of('test.posts.insert', () =>
    db.rawQuery(
      `INSERT INTO posts (member_id, title, content, servings, created_at, updated_at)
       VALUES (?, ?, 'c', 1, ?, ?) RETURNING id`,
      [param('memberId'), param('title'), param('now'), param('now')]
    )
  )

/* The titles of a member's recipes, as a committed read. */
const titlesByMember = () =>
  CommittedRead.of('test.posts.titles_by_member', () =>
    db.from('posts').where('member_id', param('memberId')).select('title')
  )

/* A new member with one recipe titled `title`. */
async function memberWithPost(title: string) {
  const member = await makeMember()
  await insertPost().run({ memberId: member.id, title, now: new Date() })
  return member
}

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

  test('param() is +? on SQLite (hidden from the STAT4 planner), a plain placeholder on PostgreSQL', async ({
    assert,
  }) => {
    const query = CompiledQuery.of('test.posts.title_by_id_and_title', () =>
      db.from('posts').where('id', param('id')).where('title', param('title')).select('id')
    )
    if (isPostgres()) {
      assert.include(query.nativeSql, '"id" = $1 and "title" = $2')
    } else {
      assert.include(query.sql, '`id` = +? and `title` = +?')
    }
    await catalogue()
    const author = await makeMember()
    const postId = await makeRecipe(author, { title: '김치찌개' })
    /* Text values against INTEGER keys, and text against TEXT, as knex binds them. */
    assert.lengthOf(await query.run({ id: postId, title: '김치찌개' }), 1)
    assert.lengthOf(await query.run({ id: String(postId), title: '김치찌개' }), 1)
    assert.lengthOf(await query.run({ id: postId, title: '된장찌개' }), 0)
  })

  test('a write given a transaction commits and rolls back with it', async ({ assert }) => {
    const member = await makeMember()
    const titles = async () => {
      const rows = await db
        .from('posts')
        .where('member_id', member.id)
        .orderBy('id')
        .select('title')
      return rows.map((row) => row.title)
    }
    const ids = await db.transaction(async (trx) => {
      const [first] = await insertPost().run(
        { memberId: member.id, title: '하나', now: new Date() },
        trx
      )
      const [second] = await insertPost().run(
        { memberId: member.id, title: '둘', now: new Date() },
        trx
      )
      return [first.id, second.id]
    })
    assert.lengthOf(ids, 2)
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await insertPost().run({ memberId: member.id, title: '셋', now: new Date() }, trx)
        throw new Error('the second write failed')
      })
    )
    assert.deepEqual(await titles(), ['하나', '둘'])
  })

  test("committed reads see committed rows only; the transaction's own statements see its writes", async ({
    assert,
  }) => {
    const member = await makeMember()
    const titles = (query: CommittedRead) =>
      query
        .run<{ title: string }>({ memberId: member.id })
        .then((rows) => rows.map((row) => row.title))
    const build = () => db.from('posts').where('member_id', param('memberId')).select('title')
    const committed = CommittedRead.of('test.posts.titles_by_member', build)
    const inTransaction = CompiledQuery.of('test.posts.titles_by_member', build)

    await insertPost().run({ memberId: member.id, title: '하나', now: new Date() })
    const trx = await db.transaction()
    try {
      await insertPost().run({ memberId: member.id, title: '둘', now: new Date() }, trx)
      assert.deepEqual(await titles(committed), ['하나'])
      const seen = await inTransaction.run<{ title: string }>({ memberId: member.id }, trx)
      assert.deepEqual(
        seen.map((row) => row.title),
        ['하나', '둘']
      )
    } finally {
      await trx.rollback()
    }
    assert.deepEqual(await titles(committed), ['하나'])
    /* Reported as Lucid's own queries are. */
    const queries = await recordQueries(() => committed.run({ memberId: member.id }))
    assert.lengthOf(queries, 1)
  })

  test('reads run together answer in order, are reported one by one, and share one transaction', async ({
    assert,
  }) => {
    const member = await memberWithPost('하나')
    const titles = titlesByMember()
    const count = CommittedRead.of('test.posts.count_by_member', () =>
      db.from('posts').where('member_id', param('memberId')).count('* as total')
    )
    let results: unknown[][] = []
    const queries = await recordQueries(async () => {
      results = await CommittedRead.runTogether([
        [titles, { memberId: member.id }],
        [count, { memberId: member.id }],
        [titles, { memberId: 0 }],
      ])
    })
    assert.deepEqual(results, [[{ title: '하나' }], [{ total: isPostgres() ? '1' : 1 }], []])
    assert.lengthOf(queries, 3)

    /* One transaction: PostgreSQL's now() is the transaction's start, the same for both statements. */
    if (isPostgres()) {
      const startedAt = CommittedRead.of('test.now', () =>
        db.knexRawQuery(
          'SELECT CAST(now() AS text) AS at, CAST(clock_timestamp() AS text) AS clock'
        )
      )
      const [[first], [second]] = (await CommittedRead.runTogether([
        [startedAt, {}],
        [startedAt, {}],
      ])) as Array<Array<{ at: string; clock: string }>>
      assert.equal(first.at, second.at)
      assert.notEqual(first.clock, second.clock)
    }
  })

  test('a read that fails in a group ends its transaction; the next group runs', async ({
    assert,
  }) => {
    const member = await memberWithPost('하나')
    const titles = titlesByMember()
    /* Fails when run, not when prepared: malformed JSON text. */
    const failing = CommittedRead.of('test.malformed_json', () =>
      db.knexRawQuery(isPostgres() ? "SELECT CAST('{' AS json) AS j" : "SELECT json('{') AS j")
    )
    await assert.rejects(() =>
      CommittedRead.runTogether([
        [titles, { memberId: member.id }],
        [failing, {}],
      ])
    )
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(
        await CommittedRead.runTogether([
          [titles, { memberId: member.id }],
          [titles, { memberId: member.id }],
        ]),
        [[{ title: '하나' }], [{ title: '하나' }]]
      )
    }
  })
})
