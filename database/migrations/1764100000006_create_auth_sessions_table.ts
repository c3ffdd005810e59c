import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * The database token store (used when no Redis is configured): one row per
 * login session holding the current access and refresh token ids.
 */
export default class extends BaseSchema {
  protected tableName = 'auth_sessions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id', 64).primary()
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('access_jti', 64).notNullable()
      table.string('refresh_jti', 64).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['member_id'], 'auth_sessions_member_id_index')
      table.index(['expires_at'], 'auth_sessions_expires_at_index')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
