import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * A bulk repricing (RecipeRepricer) reads every recipe's servings beside its
 * packed lines. `servings` is the only column it needs from the wide posts
 * rows, and reading them scanned the whole table (bodies included). This
 * index holds the id with its servings, so the read scans the index alone:
 * PostgreSQL by an index-only scan (INCLUDE), SQLite by a covering index.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      await db.rawQuery(
        db.dialect.name === 'postgres'
          ? 'CREATE INDEX posts_id_servings_index ON posts (id) INCLUDE (servings)'
          : 'CREATE INDEX posts_id_servings_index ON posts (id, servings)'
      )
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.rawQuery('DROP INDEX posts_id_servings_index')
    })
  }
}
