import { test } from '@japa/runner'
import {
  CHART_LINE_COLOUR,
  escapeXml,
  formatWon,
  niceTicks,
  renderCostChart,
  type CostChartPoint,
} from '#services/prices/cost_chart'
import { assertWellFormedXml } from '#tests/helpers/xml'

/* `count` daily points from `start`, priced by `price(index)` (null = no price yet). */
function daily(count: number, price: (index: number) => number | null, start = '2025-12-07') {
  const startMs = Date.parse(`${start}T00:00:00Z`)
  return Array.from({ length: count }, (_, index): CostChartPoint => {
    const value = price(index)
    return {
      date: new Date(startMs + index * 86_400_000).toISOString().slice(0, 10),
      price: value,
      price_per_serving: value === null ? null : Math.round(value / 2),
    }
  })
}

const linePath = (svg: string) => /<path class="cost-line" d="([^"]*)"/.exec(svg)?.[1] ?? null
const yLabels = (svg: string) =>
  [...svg.matchAll(/text-anchor="end">([\d,]+)원<\/text>/g)].map((match) =>
    Number(match[1].replace(/,/g, ''))
  )

test.group('cost chart', () => {
  test('escapes the title everywhere it appears', ({ assert }) => {
    const title = `<script>alert("x")</script> & 'quotes' 김치찌개\u0000`
    const svg = renderCostChart({ title, servings: 2, points: daily(30, (i) => 5000 + i * 10) })

    assertWellFormedXml(svg)
    assert.notInclude(svg, '<script')
    assert.notInclude(svg, '\u0000')
    assert.include(
      svg,
      '<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos; 김치찌개</title>'
    )
    assert.match(svg, /aria-label="&lt;script&gt;alert\(&quot;x&quot;\)[^"]*최근 5,290원"/)
    /* The check itself rejects what escaping prevents. */
    assert.throws(() => assertWellFormedXml('<svg><title>a & b</title></svg>'), /bare &/)
    assert.throws(() => assertWellFormedXml('<svg><title><script></title></svg>'), /unexpected/)
    assert.throws(() => assertWellFormedXml('<svg a="1" a="2"/>'), /duplicate/)
    assert.equal(
      escapeXml(`<a href="x">'&'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'
    )
  })

  test('is a standalone accessible SVG document without scripts or external resources', ({
    assert,
  }) => {
    const svg = renderCostChart({ title: '된장찌개', servings: 1, points: daily(10, () => 3000) })
    assertWellFormedXml(svg)
    assert.match(svg, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 640 320"/)
    assert.match(svg, /<svg [^>]*role="img"/)
    assert.match(
      svg,
      /<svg [^>]*aria-label="된장찌개: 2025-12-07부터 2025-12-16까지 1인분 가격 추이, 최근 3,000원"/
    )
    assert.include(svg, "font-family=\"'Noto Sans CJK KR'")
    assert.match(svg, /font-family="[^"]*sans-serif"/)
    assert.notMatch(svg, /<script|href=|url\(|@import|<image|<foreignObject/i)
  })

  test('y ticks are 3 to 5 round KRW values covering the range', ({ assert }) => {
    const ranges: [number, number][] = [
      [11_000, 13_500],
      [0, 1],
      [7, 7],
      [0, 0],
      [1234, 1240],
      [99, 101],
      [10_050, 987_654],
      [5_000, 5_000],
      [123_456, 123_457],
    ]
    for (let seed = 1; seed < 200; seed++) {
      const low = Math.floor((seed * 7919) % 50_000)
      ranges.push([low, low + Math.floor((seed * 104_729) % 30_000)])
    }
    for (const [min, max] of ranges) {
      const ticks = niceTicks(min, max)
      const label = `${min}..${max}: ${ticks.join(', ')}`
      assert.isAtLeast(ticks.length, 3, label)
      assert.isAtMost(ticks.length, 5, label)
      assert.isAtMost(ticks[0], min, label)
      assert.isAtLeast(ticks.at(-1)!, max, label)
      assert.isAtLeast(ticks[0], 0, label)
      const step = ticks[1] - ticks[0]
      assert.isTrue(Number.isInteger(step) && step > 0, label)
      const mantissa = step / 10 ** Math.floor(Math.log10(step))
      assert.include([1, 2, 2.5, 5], mantissa, label)
      ticks.forEach((tick, index) => {
        assert.equal(tick, ticks[0] + index * step, label)
        assert.equal(tick % step, 0, label)
      })
    }
    assert.deepEqual(niceTicks(11_000, 13_500), [11_000, 12_000, 13_000, 14_000])
    assert.deepEqual(niceTicks(0, 0), [0, 250, 500, 750, 1000])
    assert.deepEqual(
      niceTicks(5000, 5000),
      [4500, 4750, 5000, 5250, 5500],
      'a flat line sits mid-chart'
    )
  })

  test('labels the y axis in won with thousands separators', ({ assert }) => {
    const svg = renderCostChart({
      title: '제육볶음',
      servings: 2,
      points: daily(90, (i) => 11_200 + i * 25),
    })
    assert.equal(formatWon(12000), '12,000원')
    assert.include(svg, '>12,000원</text>')
    const labels = yLabels(svg)
    assert.isAtLeast(labels.length, 3)
    assert.isAtMost(labels.length, 5)
    assert.isAtMost(labels[0], 11_200)
    assert.isAtLeast(labels.at(-1)!, 11_200 + 89 * 25)
    /* Start, middle and end dates. */
    assert.include(svg, '>2025년 12월 7일</text>')
    assert.include(svg, '>2026년 1월 20일</text>')
    assert.include(svg, '>3월 6일</text>')
    /* The latest value by its dot, per serving too. */
    assert.include(svg, '13,425원 (1인분 6,713원)')
  })

  test('leaves gaps where there was no price yet', ({ assert }) => {
    const prices = [null, null, 4000, 4100, 4200, null, 4300, 4400, null, 4500]
    const svg = renderCostChart({ title: '라면', servings: 1, points: daily(10, (i) => prices[i]) })
    assertWellFormedXml(svg)
    const d = linePath(svg)!
    assert.equal(d.match(/M/g)!.length, 2, d)
    assert.equal(d.match(/[ML]/g)!.length, 5, d)
    /* The run of one (4500 alone after a gap) is a dot, and so is the last price's marker. */
    assert.equal(svg.match(/class="cost-point"/g)!.length, 1)
    assert.equal(svg.match(/class="cost-last"/g)!.length, 1)
    assert.include(svg, '4,500원')
  })

  test('no points: an empty chart saying there is no price', ({ assert }) => {
    for (const points of [[], daily(5, () => null)]) {
      const svg = renderCostChart({ title: '빈 레시피', servings: 1, points })
      assertWellFormedXml(svg)
      assert.include(svg, '>가격 정보 없음</text>')
      assert.isNull(linePath(svg))
      assert.notInclude(svg, 'cost-last')
      assert.notInclude(svg, CHART_LINE_COLOUR)
    }
  })

  test('one point: a dot with its value, in the middle', ({ assert }) => {
    const svg = renderCostChart({ title: '계란말이', servings: 1, points: daily(1, () => 2500) })
    assertWellFormedXml(svg)
    assert.isNull(linePath(svg))
    const dot = /<circle class="cost-last" cx="([\d.]+)" cy="([\d.]+)"/.exec(svg)!
    assert.closeTo(Number(dot[1]), (74 + 620) / 2, 0.5)
    assert.include(svg, '2,500원')
    assert.notInclude(svg, '가격 정보 없음')
  })

  test('366 daily points: one line across the whole plot, small enough to serve', ({ assert }) => {
    const points = daily(366, (i) => Math.round(10_000 + 1500 * Math.sin(i / 40) + (i % 7) * 30))
    const svg = renderCostChart({ title: '김치찌개', servings: 4, points })
    assertWellFormedXml(svg)
    const d = linePath(svg)!
    assert.equal(d.match(/M/g)!.length, 1)
    assert.equal(d.match(/[ML]/g)!.length, 366)
    const xs = [...d.matchAll(/[ML]([\d.]+) /g)].map((match) => Number(match[1]))
    assert.closeTo(xs[0], 74, 0.1)
    assert.closeTo(xs.at(-1)!, 620, 0.1)
    assert.isTrue(xs.every((x, index) => index === 0 || x > xs[index - 1]))
    assert.isBelow(Buffer.byteLength(svg), 20_000)
    assert.equal(svg.match(/<text [^>]*y="306"/g)!.length, 3, 'three date labels')
  })

  test('honours width and height, within sane bounds', ({ assert }) => {
    const small = renderCostChart({ title: 'x', servings: 1, points: [], width: 300, height: 200 })
    assert.match(small, /viewBox="0 0 300 200"/)
    const absurd = renderCostChart({ title: 'x', servings: 1, points: [], width: 1e9, height: -5 })
    assert.match(absurd, /viewBox="0 0 2000 160"/)
  })
})
