import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Prices over time (contract §8). `ingredient_prices` holds dated price
 * observations with a source; `ingredients` keeps the current one
 * denormalised (price, unit, price_date, source) so every v1 read stays a
 * plain column read. `price_aliases` maps market names ("배추/월동") to
 * ingredients for prices:import. Today's catalogue prices become the first
 * observations, dated at migration, with source `catalogue`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ingredient_prices', (table) => {
      table.increments('id')
      table
        .integer('ingredient_id')
        .notNullable()
        .references('id')
        .inTable('ingredients')
        .onDelete('CASCADE')
      /* `price` KRW bought `unit` of `measure` on `observed_on`, according to `source`. */
      table.integer('price').notNullable()
      table.integer('unit').notNullable()
      table.string('measure', 8).notNullable()
      table.date('observed_on').notNullable()
      table.string('source', 100).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['ingredient_id', 'observed_on', 'source'], {
        indexName: 'ingredient_prices_observation_unique',
      })
      /* "The latest on or before D, ties to the last imported" is one index probe. */
      table.index(['ingredient_id', 'observed_on', 'id'], 'ingredient_prices_ingredient_date_index')
      table.check('price >= 0', [], 'ingredient_prices_price_check')
      table.check('unit > 0', [], 'ingredient_prices_unit_check')
      table.check("measure in ('g', 'ml', '개')", [], 'ingredient_prices_measure_check')
    })

    this.schema.alterTable('ingredients', (table) => {
      table.date('price_date').nullable()
      table.string('source', 100).nullable()
      /* Make 개 and mass (or volume) convertible for this ingredient alone. */
      table.decimal('grams_per_piece', 10, 3).nullable()
      table.decimal('ml_per_piece', 10, 3).nullable()
    })

    this.schema.createTable('price_aliases', (table) => {
      table.increments('id')
      /* "<item_name>/<kind_name>" of a KAMIS row, e.g. "배추/월동". */
      table.string('name', 200).notNullable().unique()
      table
        .integer('ingredient_id')
        .notNullable()
        .references('id')
        .inTable('ingredients')
        .onDelete('CASCADE')
      /* Grams in one of the row's own units (포기, 단, …) when it is not g/kg/개. */
      table.decimal('grams_per_unit', 10, 3).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['ingredient_id'], 'price_aliases_ingredient_index')
    })

    this.defer(async (db) => {
      const today = new Date().toISOString().slice(0, 10)
      await db.rawQuery(
        `INSERT INTO ingredient_prices (ingredient_id, price, unit, measure, observed_on, source, created_at)
         SELECT id, price, unit, measure, ?, 'catalogue', ? FROM ingredients ORDER BY id`,
        [today, new Date()]
      )
      await db.from('ingredients').update({ price_date: today, source: 'catalogue' })
    })
  }

  async down() {
    this.schema.dropTable('price_aliases')
    this.schema.dropTable('ingredient_prices')
    /* Plain DROP COLUMN on both databases (SQLite ≥ 3.35), no table rebuild. */
    for (const column of ['price_date', 'source', 'grams_per_piece', 'ml_per_piece']) {
      this.schema.raw(`ALTER TABLE ingredients DROP COLUMN ${column}`)
    }
  }
}
