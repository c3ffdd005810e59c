/*
 * Renders a realistic year of a recipe's cost history with the chart the API
 * serves (GET /posts/{id}/costs.svg) and screenshots it in headless Chromium
 * for the README: `node --import=@poppinss/ts-exec scripts/render_cost_chart.ts [out.png]`
 * (default docs/cost-chart.png; the SVG is written beside it). Labels need a Korean
 * font installed (Debian: fonts-nanum or fonts-noto-cjk), or they draw as boxes.
 */
import { writeFile } from 'node:fs/promises'
import { renderCostChart } from '#services/prices/cost_chart'
import { screenshotSvg } from '#tests/helpers/chromium'

/* A 김치찌개 for 2: kimchi and pork move with the seasons, the rest barely. */
function sampleYear(end: string) {
  const endMs = Date.parse(`${end}T00:00:00Z`)
  let noise = 0
  let state = 7
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
  return Array.from({ length: 366 }, (_, index) => {
    const date = new Date(endMs - (365 - index) * 86_400_000).toISOString().slice(0, 10)
    const dayOfYear = Math.floor(
      (Date.parse(date) - Date.parse(`${date.slice(0, 4)}-01-01`)) / 86_400_000
    )
    noise = 0.85 * noise + (random() - 0.5) * 0.02
    const kimchi = 4200 * (1 + 0.22 * Math.cos((2 * Math.PI * (dayOfYear - 245)) / 365) + noise)
    const pork = 5800 * (1 + 0.08 * Math.cos((2 * Math.PI * (dayOfYear - 160)) / 365) + noise / 2)
    const rest = 2100 * (1 + (0.03 * index) / 365)
    const price = Math.round(kimchi + pork + rest)
    return { date, price, price_per_serving: Math.round(price / 2) }
  })
}

const out = process.argv[2] ?? 'docs/cost-chart.png'
const width = 640
const height = 320
const svg = renderCostChart({
  title: '돼지고기 김치찌개',
  servings: 2,
  points: sampleYear('2026-12-06'),
  width,
  height,
})
await writeFile(out.replace(/\.png$/, '.svg'), svg)
await writeFile(out, await screenshotSvg(svg, { width, height }))
console.log(`wrote ${out}`)
