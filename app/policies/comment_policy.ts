import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import { type Actor, type Authored, isAuthor } from '#policies/authorship'
import {
  COMMENT_DELETE_FORBIDDEN_MESSAGE,
  COMMENT_EDIT_FORBIDDEN_MESSAGE,
  OWN_COMMENT_LIKE_MESSAGE,
} from '#contract/messages'

/*
 * Who may do what to a comment. The caller has already found it (404 "존재하지
 * 않는 댓글" comes first); a denial is 403 with the action's message.
 */
export default class CommentPolicy extends BasePolicy {
  edit(actor: Actor, comment: Authored) {
    return (
      isAuthor(actor, comment) || AuthorizationResponse.deny(COMMENT_EDIT_FORBIDDEN_MESSAGE, 403)
    )
  }

  delete(actor: Actor, comment: Authored) {
    return (
      isAuthor(actor, comment) || AuthorizationResponse.deny(COMMENT_DELETE_FORBIDDEN_MESSAGE, 403)
    )
  }

  /* Anyone but the author. */
  like(actor: Actor, comment: Authored) {
    return !isAuthor(actor, comment) || AuthorizationResponse.deny(OWN_COMMENT_LIKE_MESSAGE, 403)
  }
}
