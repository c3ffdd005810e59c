/* OpenAPI paths of contract §6 (comments). */
import { envelope, ref } from '#openapi/schemas'
import {
  COMMENT_DELETE_FORBIDDEN_MESSAGE,
  COMMENT_EDIT_FORBIDDEN_MESSAGE,
  COMMENT_NOT_FOUND,
  DUPLICATE_LIKE,
  LIKE_NOT_FOUND,
  OWN_COMMENT_LIKE_MESSAGE,
  POST_NOT_FOUND,
  SUCCESS_MESSAGES,
} from '#contract/messages'
import {
  type Operation,
  reply,
  failed,
  failedWith,
  unknownId,
  writeAuth,
  idParam,
  op,
  body,
  common,
  commonRead,
} from '#openapi/operations'

export const commentsPaths: Record<string, Record<string, Operation>> = {
  /* §6 Comments */
  '/posts/{id}/comments': {
    post: op('comments', 'createComment', 'Comment on a recipe', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      requestBody: body(ref('CommentForm')),
      responses: {
        201: reply(
          'Created',
          envelope(SUCCESS_MESSAGES.createComment, { comment_id: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/posts/comments/{id}': {
    put: op('comments', 'updateComment', 'Edit your comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      requestBody: body(ref('CommentForm')),
      responses: {
        200: reply('Updated', envelope(SUCCESS_MESSAGES.updateComment)),
        401: failed('Unauthorized'),
        403: failedWith('Not the author, or CSRF check failed', COMMENT_EDIT_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
    delete: op('comments', 'deleteComment', 'Delete your comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: {
        200: reply('Deleted', envelope(SUCCESS_MESSAGES.deleteComment)),
        401: failed('Unauthorized'),
        403: failedWith('Not the author, or CSRF check failed', COMMENT_DELETE_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/posts/comments/{id}/likes': {
    post: op('comments', 'likeComment', 'Like a comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: commentLikeResponses(),
    }),
    delete: op('comments', 'unlikeComment', 'Take a comment like back', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: {
        200: reply(
          'Unliked',
          envelope(SUCCESS_MESSAGES.unlikeComment, { like: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId(
          'Unknown comment, or not liked by the caller',
          COMMENT_NOT_FOUND,
          LIKE_NOT_FOUND
        ),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/posts/comments/likes': {
    post: op('comments', 'likeCommentByBody', "Like a comment (id in the body; the seed's form)", {
      security: writeAuth,
      requestBody: body(ref('CommentLikeRequest')),
      responses: {
        ...commentLikeResponses(),
        422: failed('ValidationFailed'),
        ...common,
      },
    }),
  },
}

function commentLikeResponses() {
  return {
    201: reply('Liked', envelope(SUCCESS_MESSAGES.likeComment, { like: { type: 'integer' } })),
    401: failed('Unauthorized'),
    403: failedWith('Your own comment, or CSRF check failed', OWN_COMMENT_LIKE_MESSAGE),
    404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
    409: failedWith('Already liked', DUPLICATE_LIKE),
    429: failed('TooManyRequests'),
    ...commonRead,
  }
}
