import { parseDecimal } from '#services/recipes/recipe_cost_calculator'
import { isCalendarDate, PRICE_MAX } from '#validators/ingredient_prices'
import {
  checkDate,
  type FileRow,
  type ParsedFile,
  PriceImportError,
  type PriceImportOptions,
  type PriceProblem,
  type SkippedRow,
} from '#services/prices/price_import_types'

const KAMIS_PRICE = /^\d{1,3}(?:,\d{3})*$|^\d+$/
const KAMIS_UNIT = /^(\d+(?:\.\d{1,4})?)\s*(\S+)$/

/* KAMIS answers empty values as "", "-" or (from its XML origin) an empty array. */
function kamisText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.trim()
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value)
  }
  if (Array.isArray(value) && value.length === 0) {
    return ''
  }
  return undefined
}

/*
 * A KAMIS dailyPriceByCategoryList answer (JSON) read into rows named
 * "<item_name>/<kind_name>", resolved later through price aliases; items
 * without a price are skipped, not refused.
 */
export function parseKamis(text: string, options: PriceImportOptions, today: string): ParsedFile {
  let answer: any
  try {
    answer = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new PriceImportError([
      { ref: 'file', message: `JSON 형식이 아님: ${(error as Error).message}` },
    ])
  }
  const data = answer?.data
  if (data && typeof data === 'object' && !Array.isArray(data) && data.error_code !== undefined) {
    if (String(data.error_code) !== '000') {
      throw new PriceImportError([
        { ref: 'file', message: `KAMIS 오류 응답 (error_code ${String(data.error_code)})` },
      ])
    }
  }
  const items = data?.item
  if (!Array.isArray(items)) {
    throw new PriceImportError([
      { ref: 'file', message: 'dailyPriceByCategoryList 응답이 아님 (data.item 배열이 없음)' },
    ])
  }
  const condition = Array.isArray(answer?.condition) ? answer.condition[0] : answer?.condition
  const requestDate = kamisText(condition?.p_regday)
  let observedOn = options.date ?? today
  if (!options.date && requestDate) {
    if (!isCalendarDate(requestDate)) {
      throw new PriceImportError([
        { ref: 'file', message: `condition.p_regday 값이 날짜가 아님: ${requestDate}` },
      ])
    }
    observedOn = requestDate
  }
  const dateProblem = checkDate(observedOn, today)
  if (dateProblem) {
    throw new PriceImportError([{ ref: 'file', message: dateProblem }])
  }
  const source = options.source ?? 'KAMIS'

  const problems: PriceProblem[] = []
  const rows: FileRow[] = []
  const skipped: SkippedRow[] = []
  for (const [index, item] of items.entries()) {
    const ref = `item ${index + 1}`
    const itemName = kamisText(item?.item_name)
    const kindName = kamisText(item?.kind_name)
    if (!itemName || !kindName || itemName.includes('/') || kindName.includes('/')) {
      problems.push({ ref, message: 'item_name과 kind_name은 "/" 없는 문자열이어야 함' })
      continue
    }
    const label = `${itemName}/${kindName}`
    const rank = kamisText(item.rank)
    const price = kamisText(item.dpr1)
    if (price === '' || price === '-') {
      skipped.push({ ref, label, reason: '가격 없음 (dpr1 "-")' })
      continue
    }
    if (price === undefined || !KAMIS_PRICE.test(price)) {
      problems.push({
        ref,
        message: `${label}: dpr1 값이 가격이 아님 (${JSON.stringify(item.dpr1)})`,
      })
      continue
    }
    const amount = Number(price.replaceAll(',', ''))
    if (amount > PRICE_MAX) {
      problems.push({ ref, message: `${label}: dpr1 값이 너무 큼 (${price})` })
      continue
    }
    const unitMatch = KAMIS_UNIT.exec(kamisText(item.unit) ?? '')
    if (!unitMatch || Number(unitMatch[1]) <= 0) {
      problems.push({
        ref,
        message: `${label}: unit 값을 읽을 수 없음 (${JSON.stringify(item.unit)})`,
      })
      continue
    }
    rows.push({
      ref: rank ? `${ref} (${rank})` : ref,
      label,
      byAlias: true,
      autoNames: [kindName, itemName],
      amount: parseDecimal(unitMatch[1]),
      unitWord: unitMatch[2],
      price: amount,
      observedOn,
      source,
    })
  }
  return { rows, skipped, problems }
}
