import vine from '@vinejs/vine'
import { koreanMessages } from '#validators/messages'
import { MAX_ID } from '#validators/post'

/** Body of POST /posts/{id}/comments and PUT /posts/comments/{id}: content 1–2,000 chars (trimmed). */
export const commentValidator = vine.create({
  content: vine.string().trim().minLength(1).maxLength(2000),
})
commentValidator.messagesProvider = koreanMessages

/** Body of POST /posts/comments/likes: comment_id, a positive integer. */
export const commentLikeValidator = vine.create({
  comment_id: vine.number().withoutDecimals().range([1, MAX_ID]),
})
commentLikeValidator.messagesProvider = koreanMessages
