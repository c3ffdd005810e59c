import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'
import { ingredientId, observe, todayUtc, daysFrom } from '#tests/helpers/prices'

test.group('GET /posts/{id}/costs and /costs.svg', (group) => {
  group.each.setup(withRealCommits)

  /* 삼겹살 0.25 kg (a unit conversion) and 대파 85 g, for 2 servings. */
  async function recipe() {
    const ids = await catalogue()
    const alice = await makeMember()
    const postId = await makeRecipe(alice, {
      servings: 2,
      lines: [
        ['삼겹살', '250'],
        ['대파', '85'],
      ],
    })
    return { ids, postId }
  }

  test('one point per day, week or month; prices in effect on each date; unpriced before any', async ({
    client,
    assert,
  }) => {
    const { ids, postId } = await recipe()
    await observe('삼겹살', '2025-01-01', 10000, 500)
    await observe('삼겹살', '2025-01-03', 12000, 500)
    await observe('대파', '2025-01-02', 850, 850)

    const daily = await client.get(`/posts/${postId}/costs?from=2025-01-01&to=2025-01-04`)
    daily.assertStatus(200)
    assert.include(daily.body(), { result: 'success', post_id: postId, servings: 2 })
    /* 10000 × 250 / 500 = 5000; + 850 × 85 / 850 = 85 from the 2nd; 6000 from the 3rd. */
    assert.deepEqual(daily.body().points, [
      { date: '2025-01-01', price: 5000, price_per_serving: 2500, unpriced: [ids['대파']] },
      { date: '2025-01-02', price: 5085, price_per_serving: 2543, unpriced: [] },
      { date: '2025-01-03', price: 6085, price_per_serving: 3043, unpriced: [] },
      { date: '2025-01-04', price: 6085, price_per_serving: 3043, unpriced: [] },
    ])

    const weekly = await client.get(
      `/posts/${postId}/costs?from=2024-12-31&to=2025-01-20&interval=week`
    )
    assert.deepEqual(
      weekly.body().points.map((point: any) => [point.date, point.price]),
      [
        ['2024-12-31', 0],
        ['2025-01-07', 6085],
        ['2025-01-14', 6085],
      ]
    )
    assert.deepEqual(weekly.body().points[0].unpriced, [ids['삼겹살'], ids['대파']])

    const monthly = await client.get(
      `/posts/${postId}/costs?from=2024-12-31&to=2025-03-31&interval=month`
    )
    assert.deepEqual(
      monthly.body().points.map((point: any) => point.date),
      ['2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31']
    )
  })

  test('defaults: to today, from 365 days before (366 daily points)', async ({
    client,
    assert,
  }) => {
    const { postId } = await recipe()
    const response = await client.get(`/posts/${postId}/costs`)
    response.assertStatus(200)
    const points = response.body().points
    assert.lengthOf(points, 366)
    assert.equal(points[0].date, daysFrom(todayUtc(), -365))
    assert.equal(points.at(-1).date, todayUtc())
  })

  test('two statements for 366 points; bad dates, reversed ranges and too many points are 422', async ({
    client,
    assert,
  }) => {
    const { postId } = await recipe()
    const queries = await recordQueries(() =>
      client.get(`/posts/${postId}/costs?from=2025-01-01&to=2026-01-01`)
    )
    assert.lengthOf(queries, 2)

    const cases: [string, string, string][] = [
      ['from=2025-02-30', 'from', 'date'],
      ['to=2025-1-1', 'to', 'date'],
      ['from=2025-02-01&to=2025-01-01', 'to', 'range.order'],
      ['from=2024-01-01&to=2025-01-02', 'interval', 'points.max'],
      ['interval=year', 'interval', 'enum'],
    ]
    for (const [query, field, rule] of cases) {
      for (const path of ['costs', 'costs.svg']) {
        const response = await client.get(`/posts/${postId}/${path}?${query}`)
        response.assertStatus(422)
        assert.equal(response.body().result, 'failed')
        assert.deepEqual(
          response.body().errors.map((error: any) => [error.field, error.rule]),
          [[field, rule]],
          query
        )
      }
    }
    const weekly = await client.get(
      `/posts/${postId}/costs?from=2020-01-01&to=2025-12-31&interval=week`
    )
    weekly.assertStatus(200)
  })

  test('an unknown recipe is 404 on both', async ({ client, assert }) => {
    for (const path of ['/posts/999999/costs', '/posts/999999/costs.svg']) {
      const response = await client.get(path)
      response.assertStatus(404)
      assert.include(response.body(), { result: 'failed', message: '존재하지 않는 레시피' })
    }
  })

  test('SVG and JSON answer an ETag, 304 to If-None-Match, and a short cache', async ({
    client,
    assert,
  }) => {
    const { postId } = await recipe()
    for (const [path, type, day] of [
      ['costs', 'application/json; charset=utf-8', '2025-01-10'],
      ['costs.svg', 'image/svg+xml; charset=utf-8', '2025-01-20'],
    ]) {
      const url = `/posts/${postId}/${path}?from=2025-01-01&to=2025-02-01`
      const first = await client.get(url)
      first.assertStatus(200)
      assert.equal(first.header('content-type'), type)
      assert.equal(first.header('cache-control'), 'public, max-age=60')
      const etag = String(first.header('etag'))
      assert.match(etag, /^(W\/)?"/)
      if (path === 'costs.svg') {
        const body: unknown = first.body()
        const svg = Buffer.isBuffer(body) ? body.toString('utf8') : (first.text() ?? '')
        assert.match(svg, /<svg[\s>]/)
      }
      const again = await client.get(url).header('If-None-Match', etag)
      again.assertStatus(304)
      /* A newer price within the range: a new answer. */
      await observe('삼겹살', day, day === '2025-01-10' ? 20000 : 30000, 500)
      const changed = await client.get(url).header('If-None-Match', etag)
      changed.assertStatus(200)
    }
  })

  /*
   * Answers are kept by the text of the rows their statement read (and the
   * range), never by post id: a recipe, an ingredient or a price changed
   * behind the server's back (here straight in the database, as another
   * process would) must be a new answer with a new ETag, never the kept one.
   */
  test('a kept chart or answer is never served after its recipe, ingredient or price changed', async ({
    client,
    assert,
  }) => {
    const { postId } = await recipe()
    await observe('삼겹살', '2025-01-01', 10000, 500)
    await observe('대파', '2025-01-01', 850, 850)
    await observe('양파', '2025-01-01', 9900, 5000)
    const range = 'from=2025-01-01&to=2025-01-03'
    let previous: { json: any; jsonTag: string; svg: string; svgTag: string } | undefined
    const answers = async (jsonChanged = true) => {
      const json = await client.get(`/posts/${postId}/costs?${range}`)
      json.assertStatus(200)
      const svg = await client.get(`/posts/${postId}/costs.svg?${range}`)
      svg.assertStatus(200)
      const body: unknown = svg.body()
      const answer = {
        json: json.body(),
        jsonTag: String(json.header('etag')),
        svg: Buffer.isBuffer(body) ? body.toString('utf8') : (svg.text() ?? ''),
        svgTag: String(svg.header('etag')),
      }
      /* Asked again: the kept answer, the same bytes and ETag, and 304 to that ETag. */
      const again = await client.get(`/posts/${postId}/costs?${range}`)
      assert.deepEqual(again.body(), answer.json)
      assert.equal(again.header('etag'), answer.jsonTag)
      const svgAgain = await client.get(`/posts/${postId}/costs.svg?${range}`)
      assert.equal(svgAgain.header('etag'), answer.svgTag)
      const notModified = await client
        .get(`/posts/${postId}/costs?${range}`)
        .header('If-None-Match', answer.jsonTag)
      notModified.assertStatus(304)
      if (previous) {
        /* The answer before is no longer fresh. */
        const stale = await client
          .get(`/posts/${postId}/costs?${range}`)
          .header('If-None-Match', previous.jsonTag)
        stale.assertStatus(jsonChanged ? 200 : 304)
        const staleSvg = await client
          .get(`/posts/${postId}/costs.svg?${range}`)
          .header('If-None-Match', previous.svgTag)
        staleSvg.assertStatus(200)
      }
      previous = answer
      return answer
    }
    const prices = (answer: { json: any }) =>
      answer.json.points.map((point: any) => [point.price, point.price_per_serving])

    /* 10000 × 250 / 500 + 850 × 85 / 850, for 2 servings. */
    assert.deepEqual(prices(await answers()), [
      [5085, 2543],
      [5085, 2543],
      [5085, 2543],
    ])

    /* A line's quantity. */
    await db
      .from('post_ingredients')
      .where('post_id', postId)
      .where('position', 0)
      .update({ quantity: '500' })
    const quantity = await answers()
    assert.deepEqual(prices(quantity), [
      [10085, 5043],
      [10085, 5043],
      [10085, 5043],
    ])

    /* The servings. */
    await db.from('posts').where('id', postId).update({ servings: 4 })
    const servings = await answers()
    assert.equal(servings.json.servings, 4)
    assert.deepEqual(prices(servings), [
      [10085, 2521],
      [10085, 2521],
      [10085, 2521],
    ])

    /* A line's ingredient and measure: 2 양파 of 200 g a piece, then of 250 g. */
    const onion = await ingredientId('양파')
    await db
      .from('post_ingredients')
      .where('post_id', postId)
      .where('position', 1)
      .update({ ingredient_id: onion, quantity: '2', measure: '개' })
    /* 10000 + 9900 × 400 / 5000 = 10792 */
    assert.deepEqual(prices(await answers())[0], [10792, 2698])
    await db.from('ingredients').where('id', onion).update({ grams_per_piece: 250 })
    /* 10000 + 9900 × 500 / 5000 = 10990 */
    assert.deepEqual(prices(await answers())[0], [10990, 2748])

    /* A price within the range. */
    await observe('삼겹살', '2025-01-02', 12000, 500)
    assert.deepEqual(prices(await answers()), [
      [10990, 2748],
      [12990, 3248],
      [12990, 3248],
    ])

    /* The title: the same points, another chart. */
    const before = previous!
    await db.from('posts').where('id', postId).update({ title: '바뀐 제목' })
    const titled = await answers(false)
    assert.deepEqual(titled.json, before.json)
    assert.notEqual(titled.svgTag, before.svgTag)
    assert.include(titled.svg, '바뀐 제목')
  })

  test('recipes with the same lines each answer as themselves (post id, ETag, chart title)', async ({
    client,
    assert,
  }) => {
    const { postId } = await recipe()
    const twin = await makeRecipe(await makeMember('쌍둥이'), {
      title: '다른 이름',
      servings: 2,
      lines: [
        ['삼겹살', '250'],
        ['대파', '85'],
      ],
    })
    await observe('삼겹살', '2025-01-01', 10000, 500)
    const range = 'from=2025-01-01&to=2025-01-02'
    const first = await client.get(`/posts/${postId}/costs?${range}`)
    const second = await client.get(`/posts/${twin}/costs?${range}`)
    assert.equal(first.body().post_id, postId)
    assert.equal(second.body().post_id, twin)
    assert.deepEqual(second.body().points, first.body().points)
    assert.notEqual(second.header('etag'), first.header('etag'))
    const chart = await client.get(`/posts/${twin}/costs.svg?${range}`)
    const body: unknown = chart.body()
    const svg = Buffer.isBuffer(body) ? body.toString('utf8') : (chart.text() ?? '')
    assert.include(svg, '다른 이름')
  })
})
