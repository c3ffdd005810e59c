import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'ingredients'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 100).notNullable().unique()
      table.string('measure', 8).notNullable()
      /* `price` KRW buys `unit` of `measure` (e.g. 14560 KRW for 500 g). */
      table.integer('price').notNullable()
      table.integer('unit').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check("measure in ('g', 'ml', '개')", [], 'ingredients_measure_check')
      table.check('price >= 0', [], 'ingredients_price_check')
      table.check('unit > 0', [], 'ingredients_unit_check')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
