import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { postsTotal } from '#tests/helpers/database'
import { MigrationRunner } from '@adonisjs/lucid/migration'

async function migrate(direction: 'up' | 'down') {
  const runner = new MigrationRunner(db, app, {
    direction,
    ...(direction === 'down' ? { batch: 0 } : {}),
    connectionName: db.primaryConnectionName,
  })
  await runner.run()
  if (runner.error) {
    throw runner.error
  }
  return runner
}

async function tables() {
  const connection = db.connection()
  const rows =
    connection.dialect.name === 'postgres'
      ? await connection.rawQuery(
          'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()'
        )
      : await connection.rawQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
  const list: { name: string }[] = connection.dialect.name === 'postgres' ? rows.rows : rows
  return list
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('adonis_schema'))
}

test.group('Migrations', () => {
  test('roll back to nothing and migrate up again on {$self}', async ({ assert }) => {
    const expected = [
      'auth_sessions',
      'comment_likes',
      'comments',
      'counters',
      'ingredient_prices',
      'ingredients',
      'members',
      'plan_meals',
      'plans',
      'post_ingredients',
      'post_likes',
      'post_prices',
      'post_title_grams',
      'posts',
      'price_aliases',
      'rate_limits',
      /* SQLite only: the bulk repricing flag and character positions for the title-gram triggers. */
      ...(db.connection().dialect.name === 'postgres'
        ? []
        : ['bulk_repricing', 'title_gram_positions']),
    ]
    assert.sameMembers(await tables(), expected)

    const down = await migrate('down')
    assert.equal(down.status, 'completed')
    assert.deepEqual(await tables(), [])

    const up = await migrate('up')
    assert.equal(up.status, 'completed')
    assert.sameMembers(await tables(), expected)
    const shards = await db.from('counters').where('name', 'like', 'posts#%').select('name')
    assert.lengthOf(shards, 16)
    assert.equal(await postsTotal(), 0)
  }).with([process.env.DB_CONNECTION ?? 'sqlite'])
})
