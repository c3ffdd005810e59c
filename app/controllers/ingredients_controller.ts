import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import IngredientCatalogue from '#services/recipes/ingredient_catalogue'
import { listIngredientsValidator } from '#validators/post'

export default class IngredientsController {
  /**
   * GET /posts/forms/ingredients[?q=]: the catalogue sorted by name. The ETag
   * is a hash of the answer, so an unchanged catalogue answers 304 to
   * If-None-Match; `no-cache` makes clients revalidate every time.
   */
  async index({ request, response }: HttpContext) {
    const { q } = await request.validateUsing(listIngredientsValidator, {
      data: queryValues(request),
    })
    const body = success(SUCCESS_MESSAGES.listIngredients, {
      ingredients: await IngredientCatalogue.list(q),
    })
    response.header('Cache-Control', 'no-cache')
    response.setEtag(JSON.stringify(body))
    if (response.fresh()) {
      return response.notModified()
    }
    return response.ok(body)
  }
}
