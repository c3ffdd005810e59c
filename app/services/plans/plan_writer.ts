import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { errors as vineErrors } from '@vinejs/vine'
import ApiException from '#exceptions/api_exception'
import PlanPolicy, { type PlanAction } from '#policies/plan_policy'
import { affectedRows, isForeignKeyViolation } from '#services/sql'
import { missingRecipeIssue, type PlanForm } from '#validators/plan'
import { PLAN_NOT_FOUND } from '#contract/messages'

/*
 * Write side of meal plans (contract §9): a plan and its meals are written in
 * one transaction, so a failed write leaves nothing behind.
 */
export default class PlanWriter {
  static async create(memberId: number, form: PlanForm) {
    const now = new Date()
    return db.transaction(async (trx) => {
      const [row] = await trx
        .table('plans')
        .insert({
          member_id: memberId,
          name: form.name,
          budget: form.budget,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
      const planId = Number(typeof row === 'object' ? row.id : row)
      await this.#insertMeals(trx, planId, form)
      return { plan_id: planId }
    })
  }

  /**
   * The plan `planId` if `caller` may perform `action` on it, else 404
   * "존재하지 않는 식단" (also for someone else's plan). Inside a write, the
   * row is locked on PostgreSQL so a concurrent delete or edit waits.
   */
  static async findAuthorized(
    caller: { id: number },
    planId: number,
    action: PlanAction,
    client: TransactionClientContract | ReturnType<typeof db.connection> = db.connection(),
    { lock = false } = {}
  ) {
    const query = client.from('plans').where('id', planId).select('id', 'member_id')
    /* SQLite has one writer at a time; PostgreSQL locks the row for the caller's transaction. */
    if (lock && client.dialect.name === 'postgres') {
      query.forUpdate()
    }
    const plan = await query.first()
    await PlanPolicy.authorize(caller, plan && { memberId: Number(plan.member_id) }, action)
    return { id: Number(plan.id) }
  }

  /** Replaces the plan's name, budget and meals; sets `modify_date`. */
  static async update(caller: { id: number }, planId: number, form: PlanForm) {
    await db.transaction(async (trx) => {
      await this.findAuthorized(caller, planId, 'edit', trx, { lock: true })
      await trx
        .from('plans')
        .where('id', planId)
        .update({ name: form.name, budget: form.budget, updated_at: new Date() })
      await trx.from('plan_meals').where('plan_id', planId).delete()
      await this.#insertMeals(trx, planId, form)
    })
    return { plan_id: planId }
  }

  /** Deletes the plan and its meals; of concurrent deletes exactly one succeeds. */
  static async delete(caller: { id: number }, planId: number) {
    await this.findAuthorized(caller, planId, 'delete')
    const deleted = await db
      .from('plans')
      .where('id', planId)
      .where('member_id', caller.id)
      .delete()
    if (affectedRows(deleted) === 0) {
      throw ApiException.notFound(PLAN_NOT_FOUND)
    }
    return { plan_id: planId }
  }

  static async #insertMeals(trx: TransactionClientContract, planId: number, form: PlanForm) {
    if (form.meals.length === 0) {
      return
    }
    try {
      await trx.table('plan_meals').multiInsert(
        form.meals.map((meal, position) => ({
          plan_id: planId,
          post_id: meal.postId,
          date: meal.date,
          servings: meal.servings,
          position,
        }))
      )
    } catch (error) {
      /* A recipe deleted after the form was validated: a 422 that writes nothing. */
      if (isForeignKeyViolation(error)) {
        throw new vineErrors.E_VALIDATION_ERROR([missingRecipeIssue()])
      }
      throw error
    }
  }
}
