import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import { bouncerFor } from '#policies/main'
import RecipePolicy from '#policies/recipe_policy'
import { POST_NOT_FOUND } from '#contract/messages'

/**
 * The recipe if `memberId` may `edit` or `delete` it: 404 when it does not
 * exist, then RecipePolicy (403 with the action's message). The edit form and
 * the writer use it, the writer inside its transaction.
 */
export async function findOwned(
  postId: number,
  memberId: number,
  action: 'edit' | 'delete',
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
  await bouncerFor({ id: memberId })
    .with(RecipePolicy)
    .authorize(action, { memberId: post.member_id })
  return post as {
    id: number
    member_id: number
    title: string
    content: string
    servings: number
  }
}
