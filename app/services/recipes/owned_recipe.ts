import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import OwnershipPolicy from '#policies/ownership_policy'
import { POST_NOT_FOUND } from '#contract/messages'

/**
 * The recipe if `memberId` may perform `action` on it: 404 when it does not
 * exist, 403 (with the action's message) when someone else wrote it. The
 * edit form and the writer use it, the writer inside its transaction.
 */
export async function findOwned(
  postId: number,
  memberId: number,
  action: 'editPost' | 'deletePost',
  client = db.connection()
) {
  const post = await client
    .from('posts')
    .where('id', postId)
    .select('id', 'member_id', 'title', 'content', 'servings')
    .first()
  if (!post) {
    throw ApiException.notFound(POST_NOT_FOUND)
  }
  OwnershipPolicy.authorize(memberId, { memberId: post.member_id }, action)
  return post as {
    id: number
    member_id: number
    title: string
    content: string
    servings: number
  }
}
