import { readdirSync } from 'node:fs'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import { resetDatabase } from '#tests/helpers/database'

const PRICE_HISTORY = '1764600000001_create_price_history'

/* Migrations from the price history one to the newest: what must be undone to undo it. */
function stepsBackTo(name: string) {
  return readdirSync(app.makePath('database/migrations')).filter(
    (file) => file.endsWith('.ts') && file.replace(/\.ts$/, '') >= name
  ).length
}

async function migrate(direction: 'up' | 'down') {
  const runner = new MigrationRunner(db, app, {
    direction,
    /* batch 0: the step counts across batches (without it, only the latest batch is rolled back). */
    ...(direction === 'down' ? { batch: 0, step: stepsBackTo(PRICE_HISTORY) } : {}),
    connectionName: db.primaryConnectionName,
  })
  await runner.run()
  if (runner.error) {
    throw runner.error
  }
  return runner
}

async function columnsOfIngredients() {
  const connection = db.connection()
  if (connection.dialect.name === 'postgres') {
    const result = await connection.rawQuery(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'ingredients'`
    )
    return result.rows.map((row: { name: string }) => row.name)
  }
  const rows = await connection.rawQuery('PRAGMA table_info(ingredients)')
  return rows.map((row: { name: string }) => row.name)
}

test.group('Migration: price history', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    return () => resetDatabase()
  })

  test("turns today's prices into first observations and reverts on {$self}", async ({
    assert,
  }) => {
    const last = await migrate('down')
    const reverted = Object.keys(last.migratedFiles).map((file) => file.split('/').pop())
    assert.include(reverted, PRICE_HISTORY)
    assert.lengthOf(reverted, stepsBackTo(PRICE_HISTORY))
    assert.notInclude(await columnsOfIngredients(), 'price_date')

    const now = new Date()
    await db.table('ingredients').multiInsert([
      { name: '삼겹살', measure: 'g', price: 14560, unit: 500, created_at: now, updated_at: now },
      { name: '감자', measure: '개', price: 14320, unit: 50, created_at: now, updated_at: now },
    ])

    await migrate('up')
    const today = new Date().toISOString().slice(0, 10)
    const observations = await db
      .from('ingredient_prices as p')
      .join('ingredients as i', 'i.id', 'p.ingredient_id')
      .select(
        'i.name',
        'p.price',
        'p.unit',
        'p.measure',
        'p.source',
        db.raw('CAST(p.observed_on AS TEXT) AS observed_on')
      )
      .orderBy('p.id')
    assert.deepEqual(observations, [
      {
        name: '삼겹살',
        price: 14560,
        unit: 500,
        measure: 'g',
        source: 'catalogue',
        observed_on: today,
      },
      {
        name: '감자',
        price: 14320,
        unit: 50,
        measure: '개',
        source: 'catalogue',
        observed_on: today,
      },
    ])
    const ingredients = await db
      .from('ingredients')
      .select('name', 'source', db.raw('CAST(price_date AS TEXT) AS price_date'), 'grams_per_piece')
      .orderBy('id')
    assert.deepEqual(ingredients, [
      { name: '삼겹살', source: 'catalogue', price_date: today, grams_per_piece: null },
      { name: '감자', source: 'catalogue', price_date: today, grams_per_piece: null },
    ])

    await migrate('down')
    assert.notIncludeMembers(await columnsOfIngredients(), [
      'price_date',
      'source',
      'grams_per_piece',
      'ml_per_piece',
    ])
    /* The v1 catalogue survives the way down. */
    assert.deepEqual(await db.from('ingredients').select('name', 'price', 'unit').orderBy('id'), [
      { name: '삼겹살', price: 14560, unit: 500 },
      { name: '감자', price: 14320, unit: 50 },
    ])
    await migrate('up')
    assert.includeMembers(await columnsOfIngredients(), ['price_date', 'grams_per_piece'])
  }).with([process.env.DB_CONNECTION ?? 'sqlite'])
})
