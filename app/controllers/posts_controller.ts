import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { isEmpty, queryValues } from '#validators/query'
import RecipeListing from '#services/recipes/listing'
import RecipeDetail from '#services/recipes/detail'
import RecipeWriter from '#services/recipes/recipe_writer'
import { listPostsValidator, showPostValidator } from '#validators/post'

export default class PostsController {
  /** GET /posts: a page of recipes (search, sort, budget and author filters). */
  async index({ request }: HttpContext) {
    const params = await request.validateUsing(listPostsValidator, { data: queryValues(request) })
    return success(SUCCESS_MESSAGES.listPosts, await RecipeListing.list(params))
  }

  /** GET /posts/{id}[?servings=N][&asOf=YYYY-MM-DD]: a recipe with its cost, lines and comments. */
  async show({ request, params, auth }: HttpContext) {
    const query = queryValues(request)
    /* Every field is optional: an empty query (most reads) has nothing to validate. */
    const { servings, asOf } = isEmpty(query)
      ? {}
      : await request.validateUsing(showPostValidator, { data: query })
    /* Optional authentication: `liked` is false for anonymous callers. */
    const viewerId = auth.use('jwt').user?.id ?? null
    return success(
      SUCCESS_MESSAGES.showPost,
      await RecipeDetail.show(Number(params.id), viewerId, servings, asOf)
    )
  }

  /** DELETE /posts/{id}: author only; lines, comments and likes go with it. */
  async destroy({ params, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    await RecipeWriter.delete(member.id, params.id)
    return success(SUCCESS_MESSAGES.deletePost)
  }
}
