import { SUCCESS_MESSAGES } from '#contract/messages'
import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { queryValues } from '#validators/query'
import IngredientDirectory from '#services/ingredient_directory'
import { today } from '#services/price_history'
import { priceRangeValidator, resolvePriceRange } from '#validators/ingredient_prices'

/*
 * The catalogue with prices over time (contract §8). Public and cacheable:
 * the ETag is a hash of the answer, so an unchanged answer is 304 to
 * If-None-Match; `no-cache` makes clients revalidate every time.
 */
export default class IngredientsCatalogueController {
  /** GET /ingredients */
  async index({ response }: HttpContext) {
    const body = success(SUCCESS_MESSAGES.listIngredients, {
      ingredients: await IngredientDirectory.list(),
    })
    return answerCacheable(response, body)
  }

  /** GET /ingredients/{id} */
  async show({ params, response }: HttpContext) {
    const body = success(SUCCESS_MESSAGES.showIngredient, {
      ingredient: await IngredientDirectory.find(params.id),
    })
    return answerCacheable(response, body)
  }

  /** GET /ingredients/{id}/prices?from=&to= */
  async prices({ params, request, response }: HttpContext) {
    const query = await request.validateUsing(priceRangeValidator, { data: queryValues(request) })
    const { from, to } = resolvePriceRange(query, today())
    const body = success(
      SUCCESS_MESSAGES.ingredientPrices,
      await IngredientDirectory.prices(params.id, from, to)
    )
    return answerCacheable(response, body)
  }
}

function answerCacheable(response: HttpContext['response'], body: object) {
  response.header('Cache-Control', 'no-cache')
  response.setEtag(JSON.stringify(body))
  if (response.fresh()) {
    return response.notModified()
  }
  return response.ok(body)
}
