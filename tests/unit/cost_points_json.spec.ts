import { test } from '@japa/runner'
import type { CostPoint } from '#services/prices/cost_history'
import { costsJson } from '#services/prices/cost_points_json'

test.group('Cost history JSON', () => {
  test('costsJson writes the bytes of JSON.stringify', ({ assert }) => {
    const none: number[] = []
    const some = [7, 12]
    const points: CostPoint[] = [
      { date: '2025-01-01', price: 0, price_per_serving: 0, unpriced: [3, 7, 12] },
      { date: '2025-01-02', price: 5085, price_per_serving: 2543, unpriced: some },
      { date: '2025-01-03', price: 5085, price_per_serving: 2543, unpriced: some },
      { date: '2025-01-04', price: 9_007_199_254_740_991, price_per_serving: 1, unpriced: none },
      { date: '2025-01-05', price: 10, price_per_serving: 9, unpriced: none },
      { date: '2025-01-06', price: 1.5, price_per_serving: -3, unpriced: none },
      { date: '2025-01-07', price: Number.NaN, price_per_serving: 1e21, unpriced: none },
    ]
    for (const fields of [
      { result: 'success', message: '가격 추이 "따옴표"', post_id: 1, servings: 2 },
      { post_id: 1, servings: 2, title: '김치\u2028찌개 </script> 🍲' },
      {},
    ]) {
      for (const list of [points, points.slice(0, 1), []]) {
        const bytes = costsJson(fields, list)
        assert.equal(bytes.toString('utf8'), JSON.stringify({ ...fields, points: list }))
        assert.equal(bytes.length, Buffer.byteLength(JSON.stringify({ ...fields, points: list })))
      }
    }
  })

  test('a point date that would need escaping is refused', ({ assert }) => {
    const point = { date: '2025-01-0"', price: 1, price_per_serving: 1, unpriced: [] }
    assert.throws(() => costsJson({}, [point]), /Not a point date/)
  })
})
