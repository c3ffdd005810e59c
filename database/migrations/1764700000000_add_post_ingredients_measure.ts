import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Recipe lines keep the unit they were entered in (contract §8): `quantity`
 * is in `measure`, one of the units of app/services/units.ts. NULL means the
 * ingredient's own measure, which is what every v1 line is, so existing rows
 * need no rewrite and v1 clients are unchanged.
 */
export default class extends BaseSchema {
  protected tableName = 'post_ingredients'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('measure', 8).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('measure')
    })
  }
}
