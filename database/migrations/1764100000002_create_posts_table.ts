import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'posts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('title', 200).notNullable()
      table.text('content').notNullable()
      table.integer('servings').notNullable().defaultTo(1)
      /* Stored so lists can sort and filter by cost with an index. */
      table.integer('price').notNullable().defaultTo(0)
      table.integer('price_per_serving').notNullable().defaultTo(0)
      /* Maintained by triggers (see the counters migration), never by hand. */
      table.integer('like_count').notNullable().defaultTo(0)
      table.integer('comment_count').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check('servings between 1 and 100', [], 'posts_servings_check')

      /* One index per list order and filter of GET /posts; id breaks ties. */
      table.index(['created_at', 'id'], 'posts_created_at_id_index')
      table.index(['like_count', 'id'], 'posts_like_count_id_index')
      table.index(['price', 'id'], 'posts_price_id_index')
      table.index(['price_per_serving', 'id'], 'posts_price_per_serving_id_index')
      table.index(['member_id', 'created_at', 'id'], 'posts_member_id_created_at_id_index')
    })

    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        /* Title search is ILIKE '%q%': a trigram index serves it. */
        await db.rawQuery('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        await db.rawQuery(
          'CREATE INDEX posts_title_trgm_index ON posts USING gin (title gin_trgm_ops)'
        )
      }
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
