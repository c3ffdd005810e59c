import type { HttpContext } from '@adonisjs/core/http'
import { LRUCache } from 'lru-cache'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import { costHistoryValidator, resolveCostRange } from '#validators/post'
import CostHistory, { pointsJson, withPoints } from '#services/prices/cost_history'
import { renderCostChart } from '#services/prices/cost_chart'
import { today } from '#services/price_history'

/* Prices change at most daily: a short shared cache, then revalidation (ETag). */
const CACHE_CONTROL = 'public, max-age=60'

/*
 * Charts drawn, by their data (what the ETag is made of): a chart many
 * clients ask for is drawn once while its data holds. Bounded in characters.
 */
const charts = new LRUCache<string, string>({
  maxSize: 2_000_000,
  sizeCalculation: (svg, data) => svg.length + data.length,
})

export default class PostCostsController {
  /** GET /posts/{id}/costs?from=&to=&interval=: the recipe's cost at each point. */
  async show(ctx: HttpContext) {
    const { post_id: postId, servings, points } = await this.#history(ctx)
    const body = withPoints(
      success(SUCCESS_MESSAGES.postCosts, { post_id: postId, servings }),
      pointsJson(points)
    )
    return this.#answer(ctx, body, 'application/json; charset=utf-8', () => body)
  }

  /**
   * GET /posts/{id}/costs.svg: the same points drawn as a line chart (errors
   * stay JSON). The ETag is the data's, so a 304 draws nothing.
   */
  async svg(ctx: HttpContext) {
    const { post_id: postId, servings, title, points } = await this.#history(ctx)
    const data = `svg:${withPoints({ post_id: postId, servings, title }, pointsJson(points))}`
    return this.#answer(ctx, data, 'image/svg+xml; charset=utf-8', () => {
      let svg = charts.get(data)
      if (svg === undefined) {
        svg = renderCostChart({ title, points, servings })
        charts.set(data, svg)
      }
      return svg
    })
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
