import type { CostSeries } from '#services/prices/cost_history'

/*
 * A cost history's JSON written straight into one buffer of the exact size:
 * building it as text made several times its size in short-lived strings
 * per request (the young generation then filled every few requests), and the
 * text was then encoded again into bytes for the socket and for the ETag.
 */

/* `{"date":"YYYY-MM-DD","price":`: the same length for every point. */
const DATE_CHUNK = '{"date":"0000-00-00","price":'.length
const PER_SERVING = Buffer.from(',"price_per_serving":', 'latin1')
const UNPRICED = Buffer.from(',"unpriced":', 'latin1')

/*
 * Each point's date chunk, by its dates (pointDates keeps one frozen list
 * per range, so most requests share one encoding).
 */
const dateChunks = new WeakMap<readonly string[], Buffer>()

function dateChunksOf(dates: readonly string[]): Buffer {
  let chunks = dateChunks.get(dates)
  if (chunks === undefined) {
    for (const date of dates) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        throw new TypeError(`Not a point date: ${date}`)
      }
    }
    chunks = Buffer.from(dates.map((date) => `{"date":"${date}","price":`).join(''), 'latin1')
    dateChunks.set(dates, chunks)
  }
  return chunks
}

/**
 * JSON.stringify({ ...fields, points: pointsOf(series) }) as UTF-8 bytes.
 * The numbers are written digit by digit when they are non-negative safe
 * integers (always, from the calculator), as JSON.stringify otherwise.
 * Consecutive points sharing their unpriced list write it from one encoding.
 */
export function costsJson(fields: object, series: CostSeries): Buffer {
  const { prices, perServing, unpriced } = series
  const chunks = dateChunksOf(series.dates)
  const json = JSON.stringify(fields)
  const head = json === '{}' ? '{"points":[' : `${json.slice(0, -1)},"points":[`
  const count = series.dates.length
  let size = Buffer.byteLength(head) + 2 + Math.max(0, count - 1) + chunks.length
  let list: number[] | undefined
  let listJson = ''
  for (let point = 0; point < count; point++) {
    if (unpriced[point] !== list) {
      list = unpriced[point]
      listJson = JSON.stringify(list)
    }
    size += PER_SERVING.length + UNPRICED.length + 1 + listJson.length
    size += numberLength(prices[point]) + numberLength(perServing[point])
  }
  const out = Buffer.allocUnsafe(size)
  let at = out.write(head, 0, 'utf8')
  list = undefined
  for (let point = 0; point < count; point++) {
    if (unpriced[point] !== list) {
      list = unpriced[point]
      listJson = JSON.stringify(list)
    }
    if (point > 0) {
      out[at++] = 0x2c /* , */
    }
    const from = point * DATE_CHUNK
    for (let byte = 0; byte < DATE_CHUNK; byte++) {
      out[at + byte] = chunks[from + byte]
    }
    at += DATE_CHUNK
    at = number(out, at, prices[point])
    out.set(PER_SERVING, at)
    at = number(out, at + PER_SERVING.length, perServing[point])
    out.set(UNPRICED, at)
    at += UNPRICED.length
    at += out.write(listJson, at, 'latin1')
    out[at++] = 0x7d /* } */
  }
  out[at++] = 0x5d /* ] */
  out[at++] = 0x7d /* } */
  return out
}

const isDigits = (value: number) => Number.isSafeInteger(value) && value >= 0

function numberLength(value: number) {
  if (!isDigits(value)) {
    return JSON.stringify(value).length
  }
  let length = 1
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) {
    length++
  }
  return length
}

function number(out: Buffer, at: number, value: number) {
  if (!isDigits(value)) {
    return at + out.write(JSON.stringify(value), at, 'latin1')
  }
  const end = at + numberLength(value)
  let rest = value
  for (let position = end - 1; position >= at; position--) {
    out[position] = 0x30 + (rest % 10)
    rest = Math.floor(rest / 10)
  }
  return end
}
