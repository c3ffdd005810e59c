import { BasePolicy, Bouncer } from '@adonisjs/bouncer'
import ApiException from '#exceptions/api_exception'
import OwnershipPolicy, { type Owned } from '#policies/ownership_policy'
import { PLAN_NOT_FOUND } from '#contract/messages'

/* Whoever asks: the authenticated member. */
interface Caller {
  id: number
}

export type PlanAction = 'view' | 'edit' | 'delete'

/*
 * Who may do what with a meal plan (contract §9): plans are private, so
 * reading, editing, deleting and the shopping list are the owner's alone,
 * decided by the same ownership rule as recipes and comments.
 */
export default class PlanPolicy extends BasePolicy {
  view(caller: Caller, plan: Owned) {
    return OwnershipPolicy.isOwner(caller.id, plan)
  }

  edit(caller: Caller, plan: Owned) {
    return OwnershipPolicy.isOwner(caller.id, plan)
  }

  delete(caller: Caller, plan: Owned) {
    return OwnershipPolicy.isOwner(caller.id, plan)
  }

  /**
   * Throws 404 "존재하지 않는 식단" unless `caller` may perform `action` on
   * `plan` (absent: no such plan). Another member's plan answers exactly as
   * a missing one, never 403, so a plan's existence does not leak.
   */
  static async authorize(caller: Caller, plan: Owned | undefined, action: PlanAction) {
    if (!plan || !(await new Bouncer(caller).with(PlanPolicy).allows(action, plan))) {
      throw ApiException.notFound(PLAN_NOT_FOUND)
    }
  }
}
