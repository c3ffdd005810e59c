import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import ApiException from '#exceptions/api_exception'
import { bouncerFor } from '#policies/main'
import { isAuthor, type Actor, type Authored } from '#policies/authorship'
import { PLAN_NOT_FOUND } from '#contract/messages'

export type PlanAction = 'view' | 'edit' | 'delete'

/*
 * Who may do what with a meal plan (contract §9): plans are private, so
 * reading, editing, deleting and the shopping list are the owner's alone.
 * Anyone else is told 404 "존재하지 않는 식단", exactly as for a missing
 * plan, never 403: a plan's existence does not leak.
 */
export default class PlanPolicy extends BasePolicy {
  view(actor: Actor, plan: Authored) {
    return isAuthor(actor, plan) || AuthorizationResponse.deny(PLAN_NOT_FOUND, 404)
  }

  edit(actor: Actor, plan: Authored) {
    return isAuthor(actor, plan) || AuthorizationResponse.deny(PLAN_NOT_FOUND, 404)
  }

  delete(actor: Actor, plan: Authored) {
    return isAuthor(actor, plan) || AuthorizationResponse.deny(PLAN_NOT_FOUND, 404)
  }

  /** 404 unless `actor` may perform `action` on `plan` (absent: no such plan). */
  static async authorize(actor: Actor, plan: Authored | undefined, action: PlanAction) {
    if (!plan) {
      throw ApiException.notFound(PLAN_NOT_FOUND)
    }
    await bouncerFor(actor).with(PlanPolicy).authorize(action, plan)
  }
}
