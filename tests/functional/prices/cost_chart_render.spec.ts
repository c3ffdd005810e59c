import { test } from '@japa/runner'
import {
  CHART_LINE_COLOUR,
  renderCostChart,
  type CostChartPoint,
} from '#services/prices/cost_chart'
import { chromiumBinary, screenshotSvg, svgDom } from '#tests/helpers/chromium'
import { decodePng, type DecodedPng } from '#tests/helpers/png'

/*
 * The chart as a browser draws it (issue 18: "a test renders it in headless
 * Chromium and checks that it draws"). CI installs Debian's chromium (.ci/run);
 * there a missing browser fails the run instead of skipping it.
 */
const binary = chromiumBinary()
const strict = process.env.CI === 'true'
const WIDTH = 640
const HEIGHT = 320
/* The plot's x range at the default size (margins 74 left, 20 right). */
const PLOT_LEFT = 74
const PLOT_RIGHT = WIDTH - 20

function year(price: (index: number) => number | null): CostChartPoint[] {
  const start = Date.parse('2025-12-07T00:00:00Z')
  return Array.from({ length: 366 }, (_, index) => {
    const value = price(index)
    return {
      date: new Date(start + index * 86_400_000).toISOString().slice(0, 10),
      price: value,
      price_per_serving: value === null ? null : Math.round(value / 4),
    }
  })
}

const seasonal = (index: number) =>
  Math.round(24_000 + 3_000 * Math.sin((2 * Math.PI * index) / 365) + ((index * 37) % 11) * 40)

const [lineR, lineG, lineB] = [1, 3, 5].map((at) =>
  Number.parseInt(CHART_LINE_COLOUR.slice(at, at + 2), 16)
)

/* Columns holding at least one pixel close to the line's colour (antialiased edges included). */
function lineColumns(png: DecodedPng) {
  const columns = new Set<number>()
  let pixels = 0
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4
      const distance =
        Math.abs(png.pixels[at] - lineR) +
        Math.abs(png.pixels[at + 1] - lineG) +
        Math.abs(png.pixels[at + 2] - lineB)
      if (distance < 60) {
        columns.add(x)
        pixels++
      }
    }
  }
  return { columns, pixels }
}

function nonWhite(png: DecodedPng) {
  let count = 0
  for (let at = 0; at < png.pixels.length; at += 4) {
    if (png.pixels[at] + png.pixels[at + 1] + png.pixels[at + 2] < 3 * 240) {
      count++
    }
  }
  return count
}

async function draw(points: CostChartPoint[]) {
  const svg = renderCostChart({ title: '김치찌개 <4인분> & "밥"', servings: 4, points })
  const png = decodePng(await screenshotSvg(svg, { width: WIDTH, height: HEIGHT }, binary!))
  return { svg, png }
}

test.group('cost chart in headless Chromium', (group) => {
  group.each.timeout(90_000)
  group.each.setup(() => {
    if (!binary) {
      throw new Error('chromium is not installed (CI installs it in .ci/run)')
    }
  })

  test('a year of daily prices draws one line across the plot', async ({ assert }) => {
    const { png } = await draw(year(seasonal))
    assert.equal(png.width, WIDTH)
    assert.equal(png.height, HEIGHT)
    assert.isAbove(nonWhite(png), 2000, 'something is drawn: grid, labels, line')

    const { columns, pixels } = lineColumns(png)
    assert.isAbove(pixels, 800, 'the line colour appears in many pixels')
    const plotColumns = [...columns].filter((x) => x >= PLOT_LEFT && x <= PLOT_RIGHT)
    assert.isAbove(plotColumns.length, (PLOT_RIGHT - PLOT_LEFT) * 0.95, 'left to right')
    assert.isAtMost(Math.min(...columns), PLOT_LEFT + 2)
    assert.isAtLeast(Math.max(...columns), PLOT_RIGHT - 2)
  }).skip(!binary && !strict, 'chromium is not installed')

  test('no line where there was no price yet; an empty chart draws no line', async ({ assert }) => {
    /* The first 183 days unpriced: the line starts mid-plot. */
    const { png } = await draw(year((index) => (index < 183 ? null : seasonal(index))))
    const { columns } = lineColumns(png)
    const middle = PLOT_LEFT + ((PLOT_RIGHT - PLOT_LEFT) * 183) / 365
    assert.isAbove(Math.min(...columns), middle - 3)
    assert.isAbove(columns.size, (PLOT_RIGHT - middle) * 0.9)

    const empty = await draw([])
    assert.equal(lineColumns(empty.png).pixels, 0)
    assert.isAbove(nonWhite(empty.png), 300, 'axes and the "가격 정보 없음" text')
  }).skip(!binary && !strict, 'chromium is not installed')

  test("Chromium's strict XML parser accepts the document, hostile title included", async ({
    assert,
  }) => {
    const svg = renderCostChart({
      title: `<script>alert(1)</script>&"'`,
      servings: 1,
      points: year(seasonal),
    })
    const dom = await svgDom(svg, binary!)
    assert.include(dom, '<svg')
    assert.notInclude(dom, 'parsererror')
    assert.notInclude(dom, '<script')
    /* The check sees a broken document. */
    const broken = await svgDom(svg.replace('&lt;script&gt;', '<script>'), binary!)
    assert.include(broken, 'parsererror')
  }).skip(!binary && !strict, 'chromium is not installed')
})
