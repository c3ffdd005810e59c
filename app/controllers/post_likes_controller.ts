import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import LikeService, { POST_LIKES } from '#services/like_service'

/* Likes on a recipe (the same LikeService as comment likes). */
export default class PostLikesController {
  /** POST /posts/{id}/likes: 201 {like}; 403 own recipe, 409 duplicate. */
  async store({ params, response, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const like = await LikeService.like(POST_LIKES, member.id, params.id)
    return response.created(success(SUCCESS_MESSAGES.likePost, { like }))
  }

  /** DELETE /posts/{id}/likes: 200 {like}; 404 "좋아요 기록 없음" when the caller had not liked it. */
  async destroy({ params, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const like = await LikeService.unlike(POST_LIKES, member.id, params.id)
    return success(SUCCESS_MESSAGES.unlikePost, { like })
  }
}
