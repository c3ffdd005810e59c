import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Meal plans (contract §9): a plan belongs to one member and goes with the
 * member; its meals name recipes, and a recipe deleted later takes its meals
 * with it while the plan stays.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('plans', (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('name', 100).notNullable()
      /* KRW; NULL when the plan has no budget. */
      table.integer('budget').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check('budget >= 0', [], 'plans_budget_check')
      /* GET /plans: a member's plans, newest first. */
      table.index(['member_id', 'id'], 'plans_member_id_id_index')
    })

    this.schema.createTable('plan_meals', (table) => {
      table.increments('id')
      table
        .integer('plan_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('plans')
        .onDelete('CASCADE')
      table
        .integer('post_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('posts')
        .onDelete('CASCADE')
      table.date('date').notNullable()
      table.smallint('servings').notNullable()
      /* The meal's place in the body it was written from. */
      table.smallint('position').notNullable()
      table.check('servings BETWEEN 1 AND 100', [], 'plan_meals_servings_check')
      table.index(['plan_id', 'position'], 'plan_meals_plan_id_position_index')
      /* Deleting a recipe finds its meals without a scan. */
      table.index(['post_id'], 'plan_meals_post_id_index')
    })
  }

  async down() {
    this.schema.dropTable('plan_meals')
    this.schema.dropTable('plans')
  }
}
