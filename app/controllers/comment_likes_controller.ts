import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import LikeService, { COMMENT_LIKES } from '#services/like_service'
import { commentLikeValidator } from '#validators/comment'

/* Likes on a comment (the same LikeService as recipe likes). */
export default class CommentLikesController {
  /** POST /posts/comments/{id}/likes: 201 {like}; 403 own comment, 409 duplicate. */
  async store({ params, response, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const like = await LikeService.like(COMMENT_LIKES, member.id, params.id)
    return response.created(success(SUCCESS_MESSAGES.likeComment, { like }))
  }

  /** POST /posts/comments/likes {comment_id}: the seed's form of the same action. */
  async storeFromBody({ request, response, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const { comment_id: commentId } = await request.validateUsing(commentLikeValidator)
    const like = await LikeService.like(COMMENT_LIKES, member.id, commentId)
    return response.created(success(SUCCESS_MESSAGES.likeComment, { like }))
  }

  /** DELETE /posts/comments/{id}/likes: 200 {like}; 404 "좋아요 기록 없음" when the caller had not liked it. */
  async destroy({ params, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const like = await LikeService.unlike(COMMENT_LIKES, member.id, params.id)
    return success(SUCCESS_MESSAGES.unlikeComment, { like })
  }
}
