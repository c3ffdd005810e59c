import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { loginHeaders } from '#tests/helpers/auth'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'
import WriteGeneration from '#services/write_generation'

/*
 * A plan and its shopping list cost a fixed number of SQL statements whatever
 * the number of meals, recipes or lines (contract §9): the plan, its meals with
 * their recipes, and the recipes' lines with their ingredients (one statement
 * on PostgreSQL, three on SQLite), at most. Real commits:
 * a global transaction's client would not report its queries.
 */
test.group('Plans: query budget', (group) => {
  group.each.setup(withRealCommits)

  test('3 meals and 21 meals (three a day for a week) cost the same statements', async ({
    client,
    assert,
  }) => {
    const names = Object.keys(await catalogue())
    const member = await makeMember()
    const headers = await loginHeaders(member)
    const recipes: number[] = []
    for (let index = 0; index < 21; index++) {
      const lines = names
        .slice(index % 20, (index % 20) + 1 + (index % 5))
        .map((name): [string, string] => [name, String(10 + index)])
      recipes.push(await makeRecipe(member, { servings: 1 + (index % 3), lines }))
    }
    const week = Array.from({ length: 21 }, (_, index) => ({
      date: `2026-12-${String(7 + Math.floor(index / 3)).padStart(2, '0')}`,
      post_id: recipes[index],
      servings: 1 + (index % 4),
    }))

    /* The member's row is read on the first authenticated request, then kept: one request first. */
    await client.get('/plans').headers(headers)
    const planIds: number[] = []
    const writes: number[] = []
    for (const meals of [week.slice(0, 3), week]) {
      const queries = await recordQueries(async () => {
        const response = await client.post('/plans').headers(headers).json({ name: '주간', meals })
        response.assertStatus(201)
        planIds.push(response.body().plan_id)
      })
      writes.push(queries.length)
    }
    assert.equal(writes[0], writes[1], 'POST /plans')

    let renames = 0
    for (const suffix of ['', '/shopping-list', '/shopping-list?format=csv']) {
      const counts: number[] = []
      const ownStatements: number[] = []
      for (const [index, planId] of planIds.entries()) {
        /*
         * A plan read with nothing committed since the last one reads no
         * meals or lines, or no statement at all (kept_contents.spec.ts): the
         * plan is renamed first (a commit that changes a row; one that changes
         * nothing is no commit to SQLite), so this counts the reads that go to
         * the database.
         */
        renames += 1
        await db
          .from('plans')
          .where('id', planId)
          .update({ name: `주간 ${renames}` })
        /* As a rename through the API would: kept contents are not trusted past it. */
        await WriteGeneration.advance()
        const queries = await recordQueries(async () => {
          const response = await client.get(`/plans/${planId}${suffix}`).headers(headers)
          response.assertStatus(200)
          if (suffix === '') {
            assert.lengthOf(response.body().meals, index === 0 ? 3 : 21)
          }
        })
        counts.push(queries.length)
        ownStatements.push(queries.filter((sql) => /plan/i.test(sql)).length)
      }
      assert.equal(counts[0], counts[1], `GET /plans/{id}${suffix}`)
      /*
       * The plan; its meals with their recipes; the recipes' lines with their
       * ingredients. On PostgreSQL all three in one statement.
       */
      const expected = db.connection().dialect.name === 'postgres' ? 1 : 3
      assert.deepEqual(ownStatements, [expected, expected], `GET /plans/{id}${suffix}`)
      console.log(`    GET /plans/{id}${suffix}: ${counts[0]} and ${counts[1]} statements`)
    }
  })
})
