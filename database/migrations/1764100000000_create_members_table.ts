import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'members'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('username', 30).notNullable()
      /*
       * Lower-cased (Unicode-aware, computed in the app) copy of the username:
       * SQLite's lower() folds ASCII only, so a unique index on this column is
       * what makes usernames unique case-insensitively on both databases.
       */
      table.string('username_key', 30).notNullable().unique()
      table.string('email', 254).notNullable().unique()
      table.string('password', 255).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
