import { test } from '@japa/runner'
import { pointsJson, withPoints, type CostPoint } from '#services/prices/cost_history'

test.group('Cost history JSON', () => {
  test('pointsJson and withPoints write what JSON.stringify writes', ({ assert }) => {
    const none: number[] = []
    const some = [7, 12]
    const points: CostPoint[] = [
      { date: '2025-01-01', price: 0, price_per_serving: 0, unpriced: [3, 7, 12] },
      { date: '2025-01-02', price: 5085, price_per_serving: 2543, unpriced: some },
      { date: '2025-01-03', price: 5085, price_per_serving: 2543, unpriced: some },
      { date: '2025-01-04', price: 9_007_199_254_740_991, price_per_serving: 1, unpriced: none },
      { date: '2025-01-05', price: 12, price_per_serving: 6, unpriced: none },
    ]
    assert.equal(pointsJson(points), JSON.stringify(points))
    assert.equal(pointsJson([]), '[]')
    for (const fields of [
      { result: 'success', message: '가격 추이 "따옴표"', post_id: 1, servings: 2 },
      { post_id: 1, servings: 2, title: '김치\u2028찌개 </script>' },
      {},
    ]) {
      assert.equal(withPoints(fields, pointsJson(points)), JSON.stringify({ ...fields, points }))
    }
  })
})
