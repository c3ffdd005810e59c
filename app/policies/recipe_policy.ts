import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import { type Actor, type Authored, isAuthor } from '#policies/authorship'
import {
  DELETE_FORBIDDEN_MESSAGE,
  EDIT_FORBIDDEN_MESSAGE,
  OWN_POST_LIKE_MESSAGE,
} from '#contract/messages'

/*
 * Who may do what to a recipe. The caller has already found it (404 "존재하지
 * 않는 레시피" comes first); a denial is 403 with the action's message.
 */
export default class RecipePolicy extends BasePolicy {
  edit(actor: Actor, recipe: Authored) {
    return isAuthor(actor, recipe) || AuthorizationResponse.deny(EDIT_FORBIDDEN_MESSAGE, 403)
  }

  delete(actor: Actor, recipe: Authored) {
    return isAuthor(actor, recipe) || AuthorizationResponse.deny(DELETE_FORBIDDEN_MESSAGE, 403)
  }

  /* Anyone but the author. */
  like(actor: Actor, recipe: Authored) {
    return !isAuthor(actor, recipe) || AuthorizationResponse.deny(OWN_POST_LIKE_MESSAGE, 403)
  }
}
