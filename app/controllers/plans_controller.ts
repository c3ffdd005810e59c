import type { HttpContext } from '@adonisjs/core/http'
import { keptSuccessBody, sendJsonBody, success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import { listPlansValidator, shoppingListValidator, validatePlanForm } from '#validators/plan'
import PlanReader from '#services/plans/plan_reader'
import PlanWriter from '#services/plans/plan_writer'
import ShoppingListBuilder from '#services/plans/shopping_list'
import {
  CSV_CONTENT_TYPE,
  csvDisposition,
  shoppingListCsv,
} from '#services/plans/shopping_list_csv'

/*
 * Meal plans and their shopping lists (contract §9); every route is the
 * owner's alone, and needs only the caller's id (no member model is made).
 */
export default class PlansController {
  /** GET /plans: the caller's plans, newest first. */
  async index({ request, auth }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    const params = await request.validateUsing(listPlansValidator, { data: queryValues(request) })
    return success(SUCCESS_MESSAGES.listPlans, await PlanReader.list(member.id, params))
  }

  /** POST /plans: 201 {plan_id}. */
  async store({ request, response, auth }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    const form = await validatePlanForm(request)
    return response.created(
      success(SUCCESS_MESSAGES.createPlan, await PlanWriter.create(member.id, form))
    )
  }

  /** GET /plans/{id}: the plan with its meals costed at current prices. */
  async show({ params, auth, response }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    const plan = await PlanReader.detail(member, params.id)
    sendJsonBody(response, keptSuccessBody(SUCCESS_MESSAGES.showPlan, plan))
  }

  /** PUT /plans/{id}: replaces the plan and its meals (404 before 422: plans stay private). */
  async update({ request, params, auth }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    await PlanWriter.findAuthorized(member, params.id, 'edit')
    const form = await validatePlanForm(request)
    return success(SUCCESS_MESSAGES.updatePlan, await PlanWriter.update(member, params.id, form))
  }

  /** DELETE /plans/{id}. */
  async destroy({ params, auth }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    return success(SUCCESS_MESSAGES.deletePlan, await PlanWriter.delete(member, params.id))
  }

  /** GET /plans/{id}/shopping-list[?format=csv]. */
  async shoppingList({ request, response, params, auth }: HttpContext) {
    const member = { id: auth.use('jwt').getMemberIdOrFail() }
    const { format } = await request.validateUsing(shoppingListValidator, {
      data: queryValues(request),
    })
    const built = await ShoppingListBuilder.build(member, params.id)
    const { plan, ...list } = built
    if (format === 'csv') {
      response.header('Content-Type', CSV_CONTENT_TYPE)
      response.header('Content-Disposition', csvDisposition(plan.id, plan.name))
      return response.send(shoppingListCsv(built))
    }
    sendJsonBody(response, keptSuccessBody(SUCCESS_MESSAGES.shoppingList, built, list))
  }
}
