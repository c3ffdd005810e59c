import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { queryValues } from '#validators/query'
import RecipeQuery from '#services/recipe_query'
import { listPostsValidator, showPostValidator } from '#validators/post'

export default class PostsController {
  /** GET /posts: a page of recipes (search, sort, budget and author filters). */
  async index({ request }: HttpContext) {
    const params = await request.validateUsing(listPostsValidator, { data: queryValues(request) })
    return success('레시피 목록 조회 성공', await RecipeQuery.list(params))
  }

  /** GET /posts/{id}[?servings=N]: a recipe with its cost, lines and comments. */
  async show({ request, params }: HttpContext) {
    const { servings } = await request.validateUsing(showPostValidator, { data: queryValues(request) })
    const viewerId = null
    return success(
      '레시피 조회 성공',
      await RecipeQuery.detail(Number(params.id), viewerId, servings)
    )
  }
}
