import ApiException from '#exceptions/api_exception'

/*
 * The one answer to "may this member change this item?": recipes and
 * comments can be edited and deleted by their author only. Every owner check
 * of the API goes through here, with the contract's message for the action.
 */
export interface Owned {
  memberId: number
}

export const OWNERSHIP_MESSAGES = {
  editPost: '수정 권한이 없음',
  deletePost: '삭제 권한이 없음',
  editComment: '댓글 수정 권한이 없음',
  deleteComment: '댓글 삭제 권한이 없음',
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
