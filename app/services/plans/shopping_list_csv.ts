import type { ShoppingList } from '#services/plans/shopping_list'

/*
 * The shopping list as a CSV download (contract §9): UTF-8 with a BOM so
 * spreadsheet programs read Korean, CRLF rows (RFC 4180), a header row, one
 * row per ingredient and a last row with the total.
 */

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'
const BOM = '\uFEFF'
const HEADER = ['ingredient_id', 'name', 'quantity', 'measure', 'cost']
export const TOTAL_LABEL = '합계'

/*
 * A cell as RFC 4180 quotes it. A text starting with = + - @ (or a tab or
 * CR) would run as a formula in a spreadsheet: it gets a leading apostrophe.
 */
function cell(value: string | number | null): string {
  if (value === null) {
    return ''
  }
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function shoppingListCsv(list: ShoppingList): string {
  const rows = [
    HEADER,
    ...list.lines.map((line) => [
      line.ingredient_id,
      line.name,
      line.quantity,
      line.measure,
      line.cost,
    ]),
    ['', TOTAL_LABEL, '', '', list.total],
  ]
  return BOM + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}

/* RFC 5987 attr-char: what may stand unencoded in `filename*`. */
function encodeAttrValue(text: string) {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/**
 * `Content-Disposition` of a plan's CSV (RFC 6266): an ASCII `filename`
 * ("plan-<id>.csv") for old clients and `filename*` with the plan's name,
 * percent-encoded UTF-8. Control characters, quotes, backslashes and slashes
 * are removed from the name first, so it can neither break the header nor
 * name a path.
 */
export function csvDisposition(planId: number, planName: string) {
  const safe = [...planName]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character !== '\u007f')
    .join('')
    .replace(/["'\\/]/g, '')
    .replace(/^[.\s]+|\s+$/g, '')
  const fallback = `plan-${planId}.csv`
  const name = safe ? `${safe}.csv` : fallback
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeAttrValue(name)}`
}
