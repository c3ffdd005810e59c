import type { HttpContext } from '@adonisjs/core/http'
import { LRUCache } from 'lru-cache'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import { costHistoryValidator, resolveCostRange } from '#validators/post'
import CostHistory, { pointsOf } from '#services/prices/cost_history'
import { costsJson } from '#services/prices/cost_points_json'
import { renderCostChart } from '#services/prices/cost_chart'
import { today } from '#services/price_history'

/* Prices change at most daily: a short shared cache, then revalidation (ETag). */
const CACHE_CONTROL = 'public, max-age=60'

/*
 * Charts drawn, by their data's ETag (a hash of every byte they are drawn
 * from): a chart many clients ask for is drawn once while its data holds.
 * Bounded in characters. Only a chart asked for a second time is kept
 * (`asked` remembers the ETags seen): keeping every chart of traffic spread
 * over many recipes only cycled large strings through the old generation.
 */
const charts = new LRUCache<string, string>({
  maxSize: 2_000_000,
  sizeCalculation: (svg) => svg.length,
})
const asked = new LRUCache<string, true>({ max: 20_000 })

export default class PostCostsController {
  /** GET /posts/{id}/costs?from=&to=&interval=: the recipe's cost at each point. */
  async show(ctx: HttpContext) {
    const { post_id: postId, servings, series } = await this.#history(ctx)
    const body = costsJson(
      success(SUCCESS_MESSAGES.postCosts, { post_id: postId, servings }),
      series
    )
    return this.#answer(ctx, body, 'application/json; charset=utf-8', () => body)
  }

  /**
   * GET /posts/{id}/costs.svg: the same points drawn as a line chart (errors
   * stay JSON). The ETag is the data's, so a 304 draws nothing.
   */
  async svg(ctx: HttpContext) {
    const { post_id: postId, servings, title, series } = await this.#history(ctx)
    const data = costsJson({ chart: 'svg', post_id: postId, servings, title }, series)
    return this.#answer(ctx, data, 'image/svg+xml; charset=utf-8', (etag) => {
      let svg = charts.get(etag)
      if (svg === undefined) {
        svg = renderCostChart({ title, points: pointsOf(series), servings })
        if (asked.has(etag)) {
          charts.set(etag, svg)
        } else {
          asked.set(etag, true)
        }
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

  #answer(
    { response }: HttpContext,
    version: Buffer,
    type: string,
    render: (etag: string) => string | Buffer
  ) {
    response.header('Cache-Control', CACHE_CONTROL)
    response.setEtag(version)
    if (response.fresh()) {
      return response.notModified()
    }
    response.header('Content-Type', type)
    return response.ok(render(String(response.getHeader('etag'))))
  }
}
