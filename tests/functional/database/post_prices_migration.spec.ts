import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import { resetDatabase } from '#tests/helpers/database'
import { makeMember } from '#tests/helpers/recipes'

const MOVE_PRICES = '1765100000000_move_recipe_prices_to_post_prices'
/* The migrations from the one under test to the newest, in the order they run. */
const FROM_MOVE_PRICES = [MOVE_PRICES, '1765200000000_index_posts_servings']

/* Rolls back (or runs again) the migrations from the one under test on. */
async function migrate(direction: 'up' | 'down') {
  const runner = new MigrationRunner(db, app, {
    direction,
    /* batch 0: the step counts across batches (without it, only the latest batch is rolled back). */
    ...(direction === 'down' ? { batch: 0, step: FROM_MOVE_PRICES.length } : {}),
    connectionName: db.primaryConnectionName,
  })
  await runner.run()
  if (runner.error) {
    throw runner.error
  }
  return Object.keys(runner.migratedFiles).map((file) => file.split('/').pop())
}

async function columnsOf(table: string): Promise<string[]> {
  const connection = db.connection()
  if (connection.dialect.name === 'postgres') {
    const result = await connection.rawQuery(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ?`,
      [table]
    )
    return result.rows.map((row: { name: string }) => row.name)
  }
  const rows = await connection.rawQuery(`PRAGMA table_info(${table})`)
  return rows.map((row: { name: string }) => row.name)
}

/* The two recipes' prices, as the migration must carry them both ways (cheapest first). */
const PRICED = [
  { title: '싼', price: 1000, price_per_serving: 500, price_date: null },
  { title: '비싼', price: 9000, price_per_serving: 4500, price_date: '2026-11-30' },
]
const withDates = (rows: Record<string, unknown>[]) =>
  rows.map((row) => ({ ...row, price_date: row.price_date && String(row.price_date).slice(0, 10) }))

const listsVersion = async () => {
  const [row] = await db.from('counters').where('name', 'like', 'posts#%').sum('changes as v')
  return Number(row.v)
}

test.group('Migration: recipes’ stored prices in post_prices', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    return () => resetDatabase()
  })

  test('moves the prices, keeps every post priced, and reverts on {$self}', async ({ assert }) => {
    assert.deepEqual(await migrate('down'), FROM_MOVE_PRICES.toReversed())
    assert.includeMembers(await columnsOf('posts'), ['price', 'price_per_serving', 'price_date'])
    const author = await makeMember()
    const now = new Date()
    const post = (title: string, price: number, perServing: number, date: string | null) => ({
      member_id: author.id,
      title,
      content: 'c',
      servings: 2,
      price,
      price_per_serving: perServing,
      price_date: date,
      created_at: now,
      updated_at: now,
    })
    await db
      .table('posts')
      .multiInsert([post('비싼', 9000, 4500, '2026-11-30'), post('싼', 1000, 500, null)])

    assert.deepEqual(await migrate('up'), FROM_MOVE_PRICES)
    assert.notIncludeMembers(await columnsOf('posts'), ['price', 'price_per_serving', 'price_date'])
    const moved = await db
      .from('post_prices as pp')
      .join('posts as p', 'p.id', 'pp.post_id')
      .select('p.title', 'pp.price', 'pp.price_per_serving')
      .select(db.raw('CAST(pp.price_date AS TEXT) AS price_date'))
      .orderBy('pp.price')
    assert.deepEqual(withDates(moved), PRICED)

    /* A post inserted by any writer has its row (zero prices until priced); deleting it removes the row. */
    const [inserted] = await db
      .table('posts')
      .insert({
        member_id: author.id,
        title: '새',
        content: 'c',
        servings: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
    const newId = Number(typeof inserted === 'object' ? inserted.id : inserted)
    const zero = await db.from('post_prices').where('post_id', newId).firstOrFail()
    assert.include(zero, { price: 0, price_per_serving: 0, price_date: null })

    /* A price change moves the lists' version; the same price written again does not. */
    const before = await listsVersion()
    await db.from('post_prices').where('post_id', newId).update({ price: 0, price_per_serving: 0 })
    assert.equal(await listsVersion(), before)
    await db
      .from('post_prices')
      .where('post_id', newId)
      .update({ price: 700, price_per_serving: 700 })
    assert.equal(await listsVersion(), before + 1)
    /* A title change still moves it (posts' own trigger); content does not. */
    await db.from('posts').where('id', newId).update({ content: '바뀐 내용' })
    assert.equal(await listsVersion(), before + 1)
    await db.from('posts').where('id', newId).update({ title: '바뀐 제목' })
    assert.equal(await listsVersion(), before + 2)

    await db.from('posts').where('id', newId).delete()
    assert.isNull(await db.from('post_prices').where('post_id', newId).first())

    /* Back: the columns return with the prices moved, and post_prices is gone. */
    assert.deepEqual(await migrate('down'), FROM_MOVE_PRICES.toReversed())
    const restored = await db
      .from('posts')
      .select('title', 'price', 'price_per_serving')
      .select(db.raw('CAST(price_date AS TEXT) AS price_date'))
      .orderBy('price')
    assert.deepEqual(withDates(restored), PRICED)
    assert.deepEqual(await columnsOf('post_prices'), [])
    await db.from('posts').delete()
    assert.deepEqual(await migrate('up'), FROM_MOVE_PRICES)
  })
})
