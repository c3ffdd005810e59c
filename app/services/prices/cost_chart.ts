/* Over 300 lines on purpose: the layout, ticks, labels and escaping of one chart read best together. */
/*
 * The cost history of a recipe as a small standalone SVG line chart
 * (contract §8, GET /posts/{id}/costs.svg). A pure function of its input: no
 * script, no external resource, so a page can embed it with <img> and it
 * reads the same with JavaScript off. Every text is user input or derived
 * from it and goes through escapeXml().
 */

import { dayNumber } from '#services/prices/days'

export interface CostChartPoint {
  /** YYYY-MM-DD */
  date: string
  price: number | null
  price_per_serving: number | null
}

export interface CostChartInput {
  title: string
  points: CostChartPoint[]
  servings: number
  width?: number
  height?: number
}

export const CHART_LINE_COLOUR = '#e8590c'
const GRID_COLOUR = '#e9ecef'
const AXIS_COLOUR = '#adb5bd'
const TEXT_COLOUR = '#495057'
const TITLE_COLOUR = '#212529'
/* Korean-capable fonts first: a generic sans-serif alone may fall back to one without Hangul. */
const FONT_FAMILY =
  "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'NanumGothic', sans-serif"

const MARGIN = { top: 44, right: 20, bottom: 34, left: 74 }

const won = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 })

/** `12000` → `12,000원`. */
export function formatWon(value: number): string {
  return `${won.format(value)}원`
}

/*
 * XML text and attribute values: the five entities, and characters XML 1.0
 * forbids (controls, lone surrogates, U+FFFE/FFFF) dropped, since one of them
 * would make the whole document unreadable.
 */
/* XML 1.0 forbids these characters outright, escaped or not. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/*
 * 3 to 5 evenly spaced round KRW values (steps of 1, 2, 2.5 or 5 × 10^k, whole
 * won) from at or below `min` to at or above `max`.
 */
export function niceTicks(min: number, max: number): number[] {
  let low = Math.min(min, max)
  let high = Math.max(min, max)
  if (high === low) {
    /* A flat line sits in the middle of a band around it. */
    const pad = low === 0 ? 1000 : Math.max(Math.abs(low) * 0.1, 1)
    low -= pad
    high += pad
    if (min >= 0) {
      low = Math.max(low, 0)
    }
  }
  for (let power = 1; ; power *= 10) {
    for (const factor of [1, 2, 2.5, 5]) {
      const step = factor * power
      if (!Number.isInteger(step)) {
        continue
      }
      const first = Math.floor(low / step) * step
      const last = Math.ceil(high / step) * step
      const count = Math.round((last - first) / step) + 1
      if (count <= 5) {
        const ticks = Array.from({ length: count }, (_, index) => first + index * step)
        while (ticks.length < 3) {
          ticks.push(ticks.at(-1)! + step)
        }
        return ticks
      }
    }
  }
}

/* `3월 1일`, with the year in front when it differs from the previous label's (or is the first). */
function dateLabels(dates: string[]): string[] {
  let year = ''
  return dates.map((date) => {
    const [y, m, d] = date.split('-')
    const label = `${Number(m)}월 ${Number(d)}일`
    const withYear = y !== year ? `${y}년 ${label}` : label
    year = y
    return withYear
  })
}

/* Display width in ems, roughly: Hangul and other wide characters count 1, the rest 0.55. */
function emWidth(text: string): number {
  let width = 0
  for (const char of text) {
    width += /[\u1100-\u11FF\u3000-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/.test(char)
      ? 1
      : 0.55
  }
  return width
}

function truncate(text: string, maxEms: number): string {
  if (emWidth(text) <= maxEms) {
    return text
  }
  let result = ''
  for (const char of text) {
    if (emWidth(result + char) > maxEms - 1) {
      break
    }
    result += char
  }
  return `${result}…`
}

function clamp(value: number | undefined, fallback: number, min: number, max: number) {
  return Number.isFinite(value) ? Math.min(Math.max(Math.round(value!), min), max) : fallback
}

/*
 * A coordinate to one decimal: what String(Math.round(value * 10) / 10)
 * writes, from the integer tenths (two per point, so kept cheap).
 */
function fixed(value: number): string {
  const tenths = Math.round(value * 10)
  const digit = tenths % 10
  if (digit === 0 || !Number.isSafeInteger(tenths)) {
    return String(tenths / 10)
  }
  const whole = (tenths - digit) / 10
  return `${whole === 0 && tenths < 0 ? '-' : ''}${whole}.${Math.abs(digit)}`
}

export function renderCostChart(input: CostChartInput): string {
  const width = clamp(input.width, 640, 240, 2000)
  const height = clamp(input.height, 320, 160, 1200)
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  }
  const points = [...input.points]
    .filter((point) => /^\d{4}-\d{2}-\d{2}/.test(point.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const priced = points.filter(
    (point): point is CostChartPoint & { price: number } =>
      typeof point.price === 'number' && Number.isFinite(point.price)
  )
  const title = input.title.trim() || '레시피'
  const servings = Number.isFinite(input.servings) && input.servings > 0 ? input.servings : 1

  const parts: string[] = []
  const text = (
    x: number,
    y: number,
    content: string,
    attributes: string = '',
    size: number = 11,
    colour: string = TEXT_COLOUR
  ) =>
    parts.push(
      `<text x="${fixed(x)}" y="${fixed(y)}" font-size="${size}" fill="${colour}"${attributes}>${escapeXml(content)}</text>`
    )

  /* Heading: the title (shortened to fit) and what the prices are for. */
  const servingsNote = `${servings}인분 기준`
  const headingEms = (width - MARGIN.left / 2 - 16 - emWidth(servingsNote) * 11 - 24) / 14
  text(16, 26, truncate(title, headingEms), ' font-weight="bold"', 14, TITLE_COLOUR)
  text(width - 16, 26, servingsNote, ' text-anchor="end"')

  /* The x scale follows dates, so gaps in time (or weeks and months) keep their width. */
  const firstDay = points.length > 0 ? dayNumber(points[0].date) : 0
  const lastDay = points.length > 0 ? dayNumber(points.at(-1)!.date) : 0
  /* Each point's x is needed up to three times (its segment, the last label's clearance). */
  const xs = new Map<string, number>()
  const xOf = (date: string) => {
    let x = xs.get(date)
    if (x === undefined) {
      x =
        lastDay === firstDay
          ? (plot.left + plot.right) / 2
          : plot.left +
            ((dayNumber(date) - firstDay) / (lastDay - firstDay)) * (plot.right - plot.left)
      xs.set(date, x)
    }
    return x
  }

  const prices = priced.map((point) => point.price)
  const ticks =
    priced.length > 0 ? niceTicks(Math.min(...prices), Math.max(...prices)) : [0, 5000, 10000]
  const yLow = ticks[0]
  const yHigh = ticks.at(-1)!
  const yOf = (price: number) =>
    plot.bottom - ((price - yLow) / (yHigh - yLow)) * (plot.bottom - plot.top)

  /* Horizontal grid and y labels (KRW). */
  for (const tick of ticks) {
    const y = yOf(tick)
    parts.push(
      `<line x1="${plot.left}" y1="${fixed(y)}" x2="${plot.right}" y2="${fixed(y)}" stroke="${GRID_COLOUR}" stroke-width="1"/>`
    )
    if (priced.length > 0) {
      text(plot.left - 8, y + 4, formatWon(tick), ' text-anchor="end"')
    }
  }

  /* Date labels: start, middle and end (distinct dates only), with light vertical guides. */
  if (points.length > 0) {
    const picks = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])]
    const dates = [...new Set(picks.map((index) => points[index].date.slice(0, 10)))]
    const labels = dateLabels(dates)
    dates.forEach((date, index) => {
      const x = xOf(date)
      const anchor =
        dates.length === 1
          ? 'middle'
          : index === 0
            ? 'start'
            : index === dates.length - 1
              ? 'end'
              : 'middle'
      parts.push(
        `<line x1="${fixed(x)}" y1="${plot.top}" x2="${fixed(x)}" y2="${plot.bottom}" stroke="${GRID_COLOUR}" stroke-width="1"/>`
      )
      text(x, plot.bottom + 20, labels[index], ` text-anchor="${anchor}"`)
    })
  }

  /* Axes. */
  parts.push(
    `<path d="M${plot.left} ${plot.top}V${plot.bottom}H${plot.right}" fill="none" stroke="${AXIS_COLOUR}" stroke-width="1"/>`
  )

  if (priced.length === 0) {
    text(
      (plot.left + plot.right) / 2,
      (plot.top + plot.bottom) / 2 + 5,
      '가격 정보 없음',
      ' text-anchor="middle"',
      14
    )
  } else {
    /* Runs of consecutive priced points become subpaths; a null price breaks the line. */
    const runs: (CostChartPoint & { price: number })[][] = []
    let run: (CostChartPoint & { price: number })[] = []
    for (const point of points) {
      if (typeof point.price === 'number' && Number.isFinite(point.price)) {
        run.push(point as CostChartPoint & { price: number })
      } else if (run.length > 0) {
        runs.push(run)
        run = []
      }
    }
    if (run.length > 0) {
      runs.push(run)
    }
    const path = runs
      .filter((segment) => segment.length > 1)
      .map((segment) =>
        segment
          .map(
            (point, index) =>
              `${index === 0 ? 'M' : 'L'}${fixed(xOf(point.date))} ${fixed(yOf(point.price))}`
          )
          .join('')
      )
      .join('')
    if (path) {
      parts.push(
        `<path class="cost-line" d="${path}" fill="none" stroke="${CHART_LINE_COLOUR}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`
      )
    }
    /* A lone priced point between gaps has no line: draw it as a small dot. */
    for (const segment of runs.filter((candidate) => candidate.length === 1)) {
      const [point] = segment
      parts.push(
        `<circle class="cost-point" cx="${fixed(xOf(point.date))}" cy="${fixed(yOf(point.price))}" r="2.5" fill="${CHART_LINE_COLOUR}"/>`
      )
    }

    /* The latest price, marked and labelled (per serving too), kept inside the plot. */
    const last = priced.at(-1)!
    const x = xOf(last.date)
    const y = yOf(last.price)
    parts.push(
      `<circle class="cost-last" cx="${fixed(x)}" cy="${fixed(y)}" r="4" fill="${CHART_LINE_COLOUR}" stroke="#ffffff" stroke-width="1.5"/>`
    )
    const perServing =
      last.price_per_serving !== null && Number.isFinite(last.price_per_serving)
        ? ` (1인분 ${formatWon(last.price_per_serving)})`
        : ''
    const label = `${formatWon(last.price)}${perServing}`
    const labelWidth = emWidth(label) * 12
    const anchor =
      x + labelWidth / 2 > plot.right ? 'end' : x - labelWidth / 2 < plot.left ? 'start' : 'middle'
    const labelX = anchor === 'end' ? Math.min(x + 4, plot.right) : anchor === 'start' ? x - 4 : x
    /* Above the dot unless the line just before it runs above: then below, clear of it. */
    const left =
      anchor === 'end' ? labelX - labelWidth : anchor === 'middle' ? x - labelWidth / 2 : x
    const before = priced.filter((point) => xOf(point.date) >= left && xOf(point.date) <= x)
    const lineAbove = before.some((point) => yOf(point.price) < y - 4)
    const fitsBelow = y + 24 <= plot.bottom
    const labelY = (lineAbove && fitsBelow) || y - 12 < plot.top + 10 ? y + 22 : y - 12
    text(
      labelX,
      labelY,
      label,
      ` text-anchor="${anchor}" font-weight="bold" stroke="#ffffff" stroke-width="3" paint-order="stroke"`,
      12,
      TITLE_COLOUR
    )
  }

  const summary =
    priced.length === 0
      ? `${title}: 가격 정보 없음`
      : `${title}: ${points[0].date.slice(0, 10)}부터 ${points.at(-1)!.date.slice(0, 10)}까지 ${servings}인분 가격 추이, 최근 ${formatWon(priced.at(-1)!.price)}`

  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(summary)}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    `</svg>`,
    '',
  ].join('\n')
}
