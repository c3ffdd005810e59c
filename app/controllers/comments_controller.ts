import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import CommentService from '#services/comment_service'
import CommentPolicy from '#policies/comment_policy'
import { commentValidator } from '#validators/comment'

/* Comments on a recipe; listed by GET /posts/{id}. */
export default class CommentsController {
  /** POST /posts/{id}/comments: 201 {comment_id}. */
  async store({ request, params, response, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const { content } = await request.validateUsing(commentValidator)
    const commentId = await CommentService.create(member.id, params.id, content)
    return response.created(success(SUCCESS_MESSAGES.createComment, { comment_id: commentId }))
  }

  /** PUT /posts/comments/{id}: author only (404, then 403, then 422). */
  async update({ request, params, bouncer }: HttpContext) {
    const comment = await CommentService.find(params.id)
    await bouncer.with(CommentPolicy).authorize('edit', comment)
    const { content } = await request.validateUsing(commentValidator)
    const commentId = await CommentService.update(comment, content)
    return success(SUCCESS_MESSAGES.updateComment, { comment_id: commentId })
  }

  /** DELETE /posts/comments/{id}: author only. */
  async destroy({ params, bouncer }: HttpContext) {
    const comment = await CommentService.find(params.id)
    await bouncer.with(CommentPolicy).authorize('delete', comment)
    await CommentService.delete(comment)
    return success(SUCCESS_MESSAGES.deleteComment)
  }
}
