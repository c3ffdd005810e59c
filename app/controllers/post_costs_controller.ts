import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import { costHistoryValidator, resolveCostRange } from '#validators/post'
import CostHistory from '#services/prices/cost_history'
import { renderCostChart } from '#services/prices/cost_chart'
import { today } from '#services/price_history'

/* Prices change at most daily: a short shared cache, then revalidation (ETag). */
const CACHE_CONTROL = 'public, max-age=60'

export default class PostCostsController {
  /** GET /posts/{id}/costs?from=&to=&interval=: the recipe's cost at each point. */
  async show(ctx: HttpContext) {
    const { post_id: postId, servings, points } = await this.#history(ctx)
    const body = JSON.stringify(
      success(SUCCESS_MESSAGES.postCosts, { post_id: postId, servings, points })
    )
    return this.#answer(ctx, body, 'application/json; charset=utf-8', () => body)
  }

  /**
   * GET /posts/{id}/costs.svg: the same points drawn as a line chart (errors
   * stay JSON). The ETag is the data's, so a 304 draws nothing.
   */
  async svg(ctx: HttpContext) {
    const history = await this.#history(ctx)
    return this.#answer(ctx, `svg:${JSON.stringify(history)}`, 'image/svg+xml; charset=utf-8', () =>
      renderCostChart({
        title: history.title,
        points: history.points,
        servings: history.servings,
      })
    )
  }

  async #history({ request, params }: HttpContext) {
    const query = await request.validateUsing(costHistoryValidator, {
      data: queryValues(request),
    })
    return CostHistory.of(Number(params.id), resolveCostRange(query, today()))
  }

  #answer({ response }: HttpContext, version: string, type: string, render: () => string) {
    response.header('Cache-Control', CACHE_CONTROL)
    response.setEtag(version)
    if (response.fresh()) {
      return response.notModified()
    }
    response.header('Content-Type', type)
    return response.ok(render())
  }
}
