import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * PostgreSQL: title search narrows by post_title_grams on both databases
 * (1764400000000_create_post_title_grams.ts) and checks the candidates with
 * ILIKE; a search of one character has no pair and scans posts_title_index.
 * No query of the app uses the pg_trgm index any more, yet every write of a
 * post that moves an indexed column (repricing, likes, edits) paid for
 * extracting its title's trigrams again. The extension stays for `down`.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await db.rawQuery('DROP INDEX IF EXISTS posts_title_trgm_index')
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await db.rawQuery(
          'CREATE INDEX IF NOT EXISTS posts_title_trgm_index ON posts USING gin (title gin_trgm_ops)'
        )
      }
    })
  }
}
