import { test } from '@japa/runner'
import { pointsOf, type CostSeries } from '#services/prices/cost_history'
import { costsJson } from '#services/prices/cost_points_json'

test.group('Cost history JSON', () => {
  test('costsJson writes the bytes of JSON.stringify of the points', ({ assert }) => {
    const none: number[] = []
    const some = [7, 12]
    const series: CostSeries = {
      dates: [
        '2025-01-01',
        '2025-01-02',
        '2025-01-03',
        '2025-01-04',
        '2025-01-05',
        '2025-01-06',
        '2025-01-07',
      ],
      prices: [0, 5085, 5085, 9_007_199_254_740_991, 10, 1.5, Number.NaN],
      perServing: [0, 2543, 2543, 1, 9, -3, 1e21],
      unpriced: [[3, 7, 12], some, some, none, none, none, none],
    }
    const first: CostSeries = {
      dates: series.dates.slice(0, 1),
      prices: series.prices.slice(0, 1),
      perServing: series.perServing.slice(0, 1),
      unpriced: series.unpriced.slice(0, 1),
    }
    const empty: CostSeries = { dates: [], prices: [], perServing: [], unpriced: [] }
    for (const fields of [
      { result: 'success', message: '가격 추이 "따옴표"', post_id: 1, servings: 2 },
      { post_id: 1, servings: 2, title: '김치\u2028찌개 </script> 🍲' },
      {},
    ]) {
      for (const points of [series, first, empty]) {
        const expected = JSON.stringify({ ...fields, points: pointsOf(points) })
        const bytes = costsJson(fields, points)
        assert.equal(bytes.toString('utf8'), expected)
        assert.equal(bytes.length, Buffer.byteLength(expected))
      }
    }
  })

  test('a point date that would need escaping is refused', ({ assert }) => {
    const series = { dates: ['2025-01-0"'], prices: [1], perServing: [1], unpriced: [[]] }
    assert.throws(() => costsJson({}, series), /Not a point date/)
  })
})
