import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * The prices' version: `counters.changes` of the row 'prices', moved by every
 * committed write to ingredient_prices. Reads that keep price timelines in
 * process memory (app/services/prices/price_timelines.ts) read it in the same
 * statement as the recipe, so a kept timeline is known to hold for them.
 * PostgreSQL moves it once per statement (a bulk import moves it once, and a
 * TRUNCATE moves it too); SQLite has row triggers only.
 */
const BUMP = `UPDATE counters SET changes = changes + 1 WHERE name = 'prices'`
const SQLITE_EVENTS = ['insert', 'update', 'delete']

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      /*
       * From the clock (µs), as the lists' version: a table created anew never
       * repeats a version a running server saw before.
       */
      await db.table('counters').insert({ name: 'prices', value: 0, changes: Date.now() * 1000 })
      if (db.dialect.name === 'postgres') {
        await db.rawQuery(`CREATE OR REPLACE FUNCTION prices_changes() RETURNS trigger
          LANGUAGE plpgsql AS $$ BEGIN ${BUMP}; RETURN NULL; END $$`)
        await db.rawQuery(`CREATE TRIGGER prices_changes
          AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ingredient_prices
          FOR EACH STATEMENT EXECUTE FUNCTION prices_changes()`)
        return
      }
      for (const event of SQLITE_EVENTS) {
        await db.rawQuery(`CREATE TRIGGER prices_changes_${event}
          AFTER ${event.toUpperCase()} ON ingredient_prices BEGIN ${BUMP}; END`)
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await db.rawQuery('DROP TRIGGER IF EXISTS prices_changes ON ingredient_prices')
        await db.rawQuery('DROP FUNCTION IF EXISTS prices_changes()')
      } else {
        for (const event of SQLITE_EVENTS) {
          await db.rawQuery(`DROP TRIGGER IF EXISTS prices_changes_${event}`)
        }
      }
      await db.from('counters').where('name', 'prices').delete()
    })
  }
}
