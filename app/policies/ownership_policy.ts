import ApiException from '#exceptions/api_exception'
import {
  COMMENT_DELETE_FORBIDDEN_MESSAGE,
  COMMENT_EDIT_FORBIDDEN_MESSAGE,
  DELETE_FORBIDDEN_MESSAGE,
  EDIT_FORBIDDEN_MESSAGE,
} from '#contract/messages'

/*
 * The one answer to "may this member change this item?": recipes and
 * comments can be edited and deleted by their author only. Every owner check
 * of the API goes through here, with the contract's message for the action.
 */
export interface Owned {
  memberId: number
}

export const OWNERSHIP_MESSAGES = {
  editPost: EDIT_FORBIDDEN_MESSAGE,
  deletePost: DELETE_FORBIDDEN_MESSAGE,
  editComment: COMMENT_EDIT_FORBIDDEN_MESSAGE,
  deleteComment: COMMENT_DELETE_FORBIDDEN_MESSAGE,
} as const

export type OwnershipAction = keyof typeof OWNERSHIP_MESSAGES

export default class OwnershipPolicy {
  static isOwner(memberId: number, item: Owned) {
    return Number(item.memberId) === Number(memberId)
  }

  /** Throws 403 with the action's message unless `memberId` owns `item`. */
  static authorize(memberId: number, item: Owned, action: OwnershipAction) {
    if (!this.isOwner(memberId, item)) {
      throw ApiException.forbidden(OWNERSHIP_MESSAGES[action])
    }
  }
}
