import vine from '@vinejs/vine'
import { COMMENT_LIMITS } from '#contract/limits'
import { id, text } from '#validators/rules'

/** Body of POST /posts/{id}/comments and PUT /posts/comments/{id}: content 1–2,000 chars (trimmed). */
export const commentValidator = vine.create({
  content: text().trim().minLength(1).maxLength(COMMENT_LIMITS.contentMaxLength),
})

/** Body of POST /posts/comments/likes: comment_id, a positive integer. */
export const commentLikeValidator = vine.create({
  comment_id: id(),
})
