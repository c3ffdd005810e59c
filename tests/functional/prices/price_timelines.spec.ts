import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'
import { ingredientId, observe } from '#tests/helpers/prices'
import PriceTimelines, { TIMELINES } from '#services/prices/price_timelines'

/* The prices' version as the app reads it (counters row 'prices', see the count_price_changes migration). */
async function pricesVersion() {
  const row = await db.from('counters').where('name', 'prices').select('changes').firstOrFail()
  return Number(row.changes)
}

/*
 * Price timelines are kept in the server's memory for the prices' version
 * its statements read (PriceTimelines). Real commits: prices written on
 * another connection, as another process's import would, must be seen by
 * the next request, never hidden by what this process kept.
 */
test.group('Price timelines kept per prices version', (group) => {
  group.each.setup(withRealCommits)

  /* 삼겹살 250 g and 대파 85 g, for 2 servings; both priced from 2025-01-01. */
  async function recipe() {
    await catalogue()
    const postId = await makeRecipe(await makeMember(), {
      servings: 2,
      lines: [
        ['삼겹살', '250'],
        ['대파', '85'],
      ],
    })
    await observe('삼겹살', '2025-01-01', 10000, 500)
    await observe('대파', '2025-01-01', 850, 850)
    return postId
  }

  test('a price inserted, updated or deleted elsewhere is seen by the next asOf and costs request', async ({
    client,
    assert,
  }) => {
    const postId = await recipe()
    const detail = db.connection().dialect.name === 'postgres' ? 1 : 3
    const answers = async () => {
      const asOf = await client.get(`/posts/${postId}?asOf=2025-01-02`)
      asOf.assertStatus(200)
      const costs = await client.get(`/posts/${postId}/costs?from=2025-01-01&to=2025-01-02`)
      costs.assertStatus(200)
      return [asOf.body().post.price, ...costs.body().points.map((point: any) => point.price)]
    }
    /* 10000 × 250 / 500 + 850 × 85 / 850 */
    assert.deepEqual(await answers(), [5085, 5085, 5085])
    /* Kept: the plain detail's statements alone. */
    const kept = await recordQueries(() => client.get(`/posts/${postId}?asOf=2025-01-02`))
    assert.lengthOf(kept, detail)

    const id = await observe('삼겹살', '2025-01-02', 12000, 500)
    assert.deepEqual(await answers(), [6085, 5085, 6085])

    /* A later import of the same day wins (ties to the last imported). */
    await observe('삼겹살', '2025-01-02', 11000, 500, 'later')
    assert.deepEqual(await answers(), [5585, 5085, 5585])

    await db.from('ingredient_prices').where('source', 'later').update({ price: 14000 })
    assert.deepEqual(await answers(), [7085, 5085, 7085])

    await db.from('ingredient_prices').where('source', 'later').delete()
    await db.from('ingredient_prices').where('id', id).delete()
    assert.deepEqual(await answers(), [5085, 5085, 5085])
  })

  test('the version moves with every write to ingredient_prices (once per statement on PostgreSQL)', async ({
    assert,
  }) => {
    await catalogue()
    const porkId = await ingredientId('삼겹살')
    const before = await pricesVersion()
    await db.table('ingredient_prices').multiInsert(
      ['2025-01-01', '2025-01-02', '2025-01-03'].map((date) => ({
        ingredient_id: porkId,
        price: 10000,
        unit: 500,
        measure: 'g',
        observed_on: date,
        source: 'bulk',
        created_at: new Date(),
      }))
    )
    const afterInsert = await pricesVersion()
    assert.equal(afterInsert - before, db.connection().dialect.name === 'postgres' ? 1 : 3)
    await db.from('ingredient_prices').where('source', 'bulk').update({ price: 9000 })
    assert.isAbove(await pricesVersion(), afterInsert)
    if (db.connection().dialect.name === 'postgres') {
      const beforeTruncate = await pricesVersion()
      await db.rawQuery('TRUNCATE ingredient_prices')
      assert.equal(await pricesVersion(), beforeTruncate + 1)
    }
  })

  test('a timeline is used only at the version it was read at', async ({ assert }) => {
    await catalogue()
    const porkId = await ingredientId('삼겹살')
    await observe('삼겹살', '2025-01-01', 10000, 500)
    const version = await pricesVersion()
    const reads = async (at: number) => {
      let prices: Map<number, { price: number; unit: number }> | undefined
      const queries = await recordQueries(async () => {
        prices = await PriceTimelines.pricesOn([porkId], '2025-06-01', at)
      })
      return { statements: queries.length, price: prices!.get(porkId)?.price }
    }
    assert.deepEqual(await reads(version), { statements: 1, price: 10000 })
    assert.deepEqual(await reads(version), { statements: 0, price: 10000 })
    /* Another version, older (a statement that started before) or newer: read again. */
    assert.deepEqual(await reads(version - 1), { statements: 1, price: 10000 })
    await observe('삼겹살', '2025-02-01', 12000, 500)
    const newer = await pricesVersion()
    assert.isAbove(newer, version)
    assert.deepEqual(await reads(newer), { statements: 1, price: 12000 })
    assert.deepEqual(await reads(newer), { statements: 0, price: 12000 })
  })

  test('the timelines statement can look each ingredient up by index', async ({ assert }) => {
    await catalogue()
    const { sql } = TIMELINES()
    if (db.connection().dialect.name === 'postgres') {
      /* A test table is tiny (a scan is cheaper): ask whether the index can be used at all. */
      const plan = await db.transaction(async (trx) => {
        await trx.rawQuery('SET LOCAL enable_seqscan = off')
        const result = await trx.rawQuery(`EXPLAIN ${sql}`, ['{1,2}'])
        return result.rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n')
      })
      assert.match(plan, /Index Cond: \(ingredient_id = ANY/, plan)
      return
    }
    const rows: { detail: string }[] = await db.rawQuery(`EXPLAIN QUERY PLAN ${sql}`, ['[1,2]'])
    const plan = rows.map((row) => row.detail).join('\n')
    /* The statement before this one scanned every observation (`SCAN p LEFT-JOIN`). */
    assert.match(plan, /SEARCH q USING INDEX ingredient_prices_ingredient_date_index/, plan)
  })
})
