import type { CostPoint } from '#services/prices/cost_history'

/*
 * A cost history's JSON written straight into one buffer of the exact size:
 * building it as text made several times its size in short-lived strings
 * per request (the young generation then filled every few requests), and the
 * text was then encoded again into bytes for the socket and for the ETag.
 */

const encode = (text: string) => Buffer.from(text, 'latin1')
const DATE = encode('{"date":"')
const PRICE = encode('","price":')
const PER_SERVING = encode(',"price_per_serving":')
const UNPRICED = encode(',"unpriced":')

/**
 * JSON.stringify({ ...fields, points }) as UTF-8 bytes. The points' dates
 * are `YYYY-MM-DD` (pointDates) and need no escaping; their numbers are
 * written digit by digit when they are non-negative safe integers (always,
 * from the calculator), as JSON.stringify otherwise. Consecutive points
 * sharing their unpriced list (costPoints) write it from one encoding.
 */
export function costsJson(fields: object, points: readonly CostPoint[]): Buffer {
  const json = JSON.stringify(fields)
  const head = json === '{}' ? '{"points":[' : `${json.slice(0, -1)},"points":[`
  let size = Buffer.byteLength(head) + 2 + Math.max(0, points.length - 1)
  let unpriced: number[] | undefined
  let unpricedJson = ''
  for (const point of points) {
    if (point.unpriced !== unpriced) {
      unpriced = point.unpriced
      unpricedJson = JSON.stringify(unpriced)
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(point.date)) {
      throw new TypeError(`Not a point date: ${point.date}`)
    }
    size += DATE.length + 10 + PRICE.length + PER_SERVING.length + UNPRICED.length + 1
    size += numberLength(point.price) + numberLength(point.price_per_serving)
    size += unpricedJson.length
  }
  const out = Buffer.allocUnsafe(size)
  let at = out.write(head, 0, 'utf8')
  unpriced = undefined
  /* No iterator entries or byte iterators: each would be an allocation per point. */
  const start = at
  for (const point of points) {
    if (point.unpriced !== unpriced) {
      unpriced = point.unpriced
      unpricedJson = JSON.stringify(unpriced)
    }
    if (at > start) {
      out[at++] = 0x2c /* , */
    }
    at = bytes(out, at, DATE)
    for (let char = 0; char < 10; char++) {
      out[at++] = point.date.charCodeAt(char)
    }
    at = bytes(out, at, PRICE)
    at = number(out, at, point.price)
    at = bytes(out, at, PER_SERVING)
    at = number(out, at, point.price_per_serving)
    at = bytes(out, at, UNPRICED)
    at += out.write(unpricedJson, at, 'latin1')
    out[at++] = 0x7d /* } */
  }
  out[at++] = 0x5d /* ] */
  out[at++] = 0x7d /* } */
  return out
}

function bytes(out: Buffer, at: number, chunk: Buffer) {
  out.set(chunk, at)
  return at + chunk.length
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
