import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'post_ingredients'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table
        .integer('post_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('posts')
        .onDelete('CASCADE')
      /* An ingredient that a recipe uses cannot be deleted. */
      table
        .integer('ingredient_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('ingredients')
        .onDelete('RESTRICT')
      /* Exact decimal on PostgreSQL; at 4 decimals it round-trips exactly on SQLite too. */
      table.decimal('quantity', 14, 4).notNullable()
      /* Keeps the author's order of lines. */
      table.smallint('position').notNullable()
      table.primary(['post_id', 'ingredient_id'])
      table.index(['ingredient_id'], 'post_ingredients_ingredient_id_index')
      table.check('quantity > 0', [], 'post_ingredients_quantity_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
