import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Title search (GET /posts?q=) counts every match. pg_trgm's index can only
 * serve patterns of 3+ characters, and Korean searches are often 2 ("김치"),
 * so those scan. A plain index on title lets both databases scan the narrow
 * index instead of the wide rows (contents up to 20,000 characters).
 */
export default class extends BaseSchema {
  protected tableName = 'posts'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.index(['title'], 'posts_title_index')
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropIndex(['title'], 'posts_title_index')
    })
  }
}
