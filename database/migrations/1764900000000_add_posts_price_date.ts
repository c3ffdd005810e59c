import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * GET /posts items answer `price_date`, the newest price date among the
 * recipe's lines (contract §8). The list is the hot path, so it is kept on
 * the post beside `price` (set by the same statements that set the price)
 * instead of a per-row subquery. Existing rows are filled in one statement.
 * Plain ALTER TABLE both ways: knex rebuilds a SQLite table to drop a
 * column, which breaks the triggers that name `posts`.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      await db.rawQuery('ALTER TABLE posts ADD COLUMN price_date DATE NULL')
      await db.rawQuery(
        `UPDATE posts SET price_date = (
           SELECT max(i.price_date) FROM post_ingredients pi
             JOIN ingredients i ON i.id = pi.ingredient_id
            WHERE pi.post_id = posts.id)`
      )
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.rawQuery('ALTER TABLE posts DROP COLUMN price_date')
    })
  }
}
