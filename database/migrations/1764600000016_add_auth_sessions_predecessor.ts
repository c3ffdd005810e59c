import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * The refresh reuse leeway (contract §2): a session remembers the refresh jti
 * its current pair replaced and when (epoch milliseconds; the pair's `iat` is
 * its second), so that jti presented again within the leeway answers the same
 * pair instead of revoking the session.
 */
export default class extends BaseSchema {
  protected tableName = 'auth_sessions'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('previous_refresh_jti', 64).nullable()
      table.bigInteger('rotated_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('previous_refresh_jti')
      table.dropColumn('rotated_at')
    })
  }
}
