import db from '@adonisjs/lucid/services/db'
import Comment from '#models/comment'
import ApiException from '#exceptions/api_exception'
import OwnershipPolicy from '#policies/ownership_policy'
import { POST_NOT_FOUND } from '#services/recipes/owned_recipe'
import { isForeignKeyViolation } from '#services/sql'

export const COMMENT_NOT_FOUND = '존재하지 않는 댓글'

/*
 * Comments on recipes. posts.comment_count follows the rows through a
 * database trigger, so parallel writers cannot make it drift.
 */
export default class CommentService {
  static async create(memberId: number, postId: number, content: string) {
    const post = await db.from('posts').where('id', postId).select('id').first()
    if (!post) {
      throw ApiException.notFound(POST_NOT_FOUND)
    }
    try {
      const comment = await Comment.create({ postId, memberId, content })
      return comment.id
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        /* The recipe was deleted between the read and the insert. */
        throw ApiException.notFound(POST_NOT_FOUND)
      }
      throw error
    }
  }

  /**
   * The comment if `memberId` may perform `action` on it: 404 "존재하지 않는
   * 댓글" when it does not exist, 403 with the action's message otherwise.
   */
  static async findOwned(
    memberId: number,
    commentId: number,
    action: 'editComment' | 'deleteComment'
  ) {
    const comment = await this.#find(commentId)
    OwnershipPolicy.authorize(memberId, comment, action)
    return comment
  }

  static async update(comment: Comment, content: string) {
    comment.content = content
    await comment.save()
    return comment.id
  }

  static async delete(comment: Comment) {
    await comment.delete()
  }

  static async #find(commentId: number) {
    const comment = await Comment.find(commentId)
    if (!comment) {
      throw ApiException.notFound(COMMENT_NOT_FOUND)
    }
    return comment
  }
}
