import { CsvSyntaxError, readCsvRecords } from '#services/csv_records'
import { errors as vineErrors } from '@vinejs/vine'
import { parseDecimal } from '#services/recipes/recipe_cost_calculator'
import { UNIT_NAMES } from '#services/units'
import { priceRowValidator } from '#validators/ingredient_prices'
import {
  checkDate,
  type FileRow,
  type ParsedFile,
  PriceImportError,
  type PriceImportOptions,
  type PriceProblem,
} from '#services/prices/price_import_types'

/*
 * A CSV price file (name, measure, price, unit[, observed_on, source]) read
 * into rows named by ingredient; every row is validated before any is kept.
 */
export async function parseCsv(
  text: string,
  options: PriceImportOptions,
  today: string
): Promise<ParsedFile> {
  let records: string[][]
  try {
    records = readCsvRecords(text)
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) {
      throw error
    }
    throw new PriceImportError([
      { ref: `line ${error.line}`, message: `CSV 형식이 아님: ${error.message}` },
    ])
  }
  if (records.length === 0) {
    throw new PriceImportError([{ ref: 'line 1', message: '빈 파일' }])
  }
  const header = records[0].map((cell) => cell.toLowerCase())
  const missing = ['name', 'measure', 'price', 'unit'].filter((column) => !header.includes(column))
  if (missing.length > 0) {
    throw new PriceImportError([{ ref: 'line 1', message: `열이 없음: ${missing.join(', ')}` }])
  }

  const validator = priceRowValidator(UNIT_NAMES)
  const problems: PriceProblem[] = []
  const rows: FileRow[] = []
  for (const [index, record] of records.slice(1).entries()) {
    const ref = `line ${index + 2}`
    if (record.length !== header.length) {
      problems.push({ ref, message: `${header.length}개 열이 필요하나 ${record.length}개임` })
      continue
    }
    const cells = Object.fromEntries(header.map((column, position) => [column, record[position]]))
    /* An empty optional cell means "not given". */
    for (const column of ['observed_on', 'source']) {
      if (cells[column] === '') {
        delete cells[column]
      }
    }
    try {
      const row = await validator.validate(cells)
      const observedOn = row.observed_on ?? options.date ?? today
      const dateProblem = checkDate(observedOn, today)
      if (dateProblem) {
        problems.push({ ref, message: dateProblem })
        continue
      }
      rows.push({
        ref,
        label: row.name,
        byAlias: false,
        autoNames: [],
        amount: parseDecimal(row.unit),
        unitWord: row.measure,
        price: row.price,
        observedOn,
        source: row.source ?? options.source ?? 'import',
      })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) {
        throw error
      }
      for (const { message } of error.messages as { field: string; message: string }[]) {
        problems.push({ ref, message })
      }
    }
  }
  return { rows, skipped: [], problems }
}
