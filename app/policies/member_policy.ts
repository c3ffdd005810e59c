import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#policies/authorship'
import { DELETE_FORBIDDEN_MESSAGE } from '#contract/messages'

/*
 * Who may do what to a member account. The caller has already found it (404
 * "존재하지 않는 회원" comes first); a denial is 403.
 */
export default class MemberPolicy extends BasePolicy {
  /* Only yourself. */
  delete(actor: Actor, member: Actor) {
    return (
      Number(actor.id) === Number(member.id) ||
      AuthorizationResponse.deny(DELETE_FORBIDDEN_MESSAGE, 403)
    )
  }
}
