import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Backing table of @adonisjs/limiter's database store (rate-limiter-flexible's
 * layout), used when no Redis is configured.
 */
export default class extends BaseSchema {
  protected tableName = 'rate_limits'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('key', 255).primary()
      table.integer('points').notNullable().defaultTo(0)
      table.bigint('expire').nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
