import db from '@adonisjs/lucid/services/db'
import Comment from '#models/comment'
import ApiException from '#exceptions/api_exception'
import { COMMENT_NOT_FOUND, POST_NOT_FOUND } from '#contract/messages'
import { isForeignKeyViolation } from '#services/sql'

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
   * The comment, or 404 "존재하지 않는 댓글". Who may edit or delete it is
   * CommentPolicy's answer (the controller asks `ctx.bouncer`).
   */
  static async find(commentId: number) {
    const comment = await Comment.find(commentId)
    if (!comment) {
      throw ApiException.notFound(COMMENT_NOT_FOUND)
    }
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
}
