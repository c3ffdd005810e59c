import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * One row per (item, member): the composite primary key is what makes a
 * duplicate like impossible, even for concurrent requests.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('post_likes', (table) => {
      table
        .integer('post_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('posts')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['post_id', 'member_id'])
      table.index(['member_id'], 'post_likes_member_id_index')
    })

    this.schema.createTable('comment_likes', (table) => {
      table
        .integer('comment_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('comments')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['comment_id', 'member_id'])
      table.index(['member_id'], 'comment_likes_member_id_index')
    })
  }

  async down() {
    this.schema.dropTable('comment_likes')
    this.schema.dropTable('post_likes')
  }
}
