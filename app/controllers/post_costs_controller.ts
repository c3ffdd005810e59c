import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { LRUCache } from 'lru-cache'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import { queryValues } from '#validators/query'
import { costHistoryValidator, resolveCostRange } from '#validators/post'
import CostHistory, { withPoints } from '#services/prices/cost_history'
import { renderCostChart } from '#services/prices/cost_chart'
import { today } from '#services/price_history'

/* Prices change at most daily: a short shared cache, then revalidation (ETag). */
const CACHE_CONTROL = 'public, max-age=60'

/*
 * Charts drawn, with their ETag, by the title and the kept points' key (what
 * a chart is drawn from): a chart many clients ask for is drawn once while
 * its data holds. Bounded in characters.
 */
const charts = new LRUCache<string, { svg: string; etag: string }>({
  maxSize: 4_000_000,
  sizeCalculation: (chart, key) => chart.svg.length + key.length,
})

/*
 * A strong ETag from the answer's own fields and the hash of its points
 * (CostHistory.kept): it changes whenever the answer's bytes do, without
 * hashing the whole answer on every request.
 */
function etagOf(fields: string, pointsHash: string) {
  return `"${createHash('sha1').update(fields).update(pointsHash).digest('base64url')}"`
}

export default class PostCostsController {
  /** GET /posts/{id}/costs?from=&to=&interval=: the recipe's cost at each point. */
  async show(ctx: HttpContext) {
    const postId = Number(ctx.params.id)
    const { servings, json, hash } = await CostHistory.kept(postId, await this.#range(ctx))
    const fields = success(SUCCESS_MESSAGES.postCosts, { post_id: postId, servings })
    const etag = etagOf(JSON.stringify(fields), hash)
    return this.#answer(ctx, etag, 'application/json; charset=utf-8', () =>
      withPoints(fields, json)
    )
  }

  /**
   * GET /posts/{id}/costs.svg: the same points drawn as a line chart (errors
   * stay JSON). The ETag is the data's, so a 304 draws nothing.
   */
  async svg(ctx: HttpContext) {
    const kept = await CostHistory.kept(Number(ctx.params.id), await this.#range(ctx))
    const { servings, title } = kept
    const key = `${title}\n${kept.key}`
    let chart = charts.get(key)
    const etag = chart?.etag ?? etagOf(`svg:${JSON.stringify({ servings, title })}`, kept.hash)
    return this.#answer(ctx, etag, 'image/svg+xml; charset=utf-8', () => {
      if (chart === undefined) {
        chart = { svg: renderCostChart({ title, points: kept.points(), servings }), etag }
        charts.set(key, chart)
      }
      return chart.svg
    })
  }

  async #range({ request }: HttpContext) {
    const query = await request.validateUsing(costHistoryValidator, {
      data: queryValues(request),
    })
    return resolveCostRange(query, today())
  }

  #answer({ response }: HttpContext, etag: string, type: string, render: () => string) {
    response.header('Cache-Control', CACHE_CONTROL)
    response.header('ETag', etag)
    if (response.fresh()) {
      return response.notModified()
    }
    response.header('Content-Type', type)
    return response.ok(render())
  }
}
