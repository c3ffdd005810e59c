import { CsvSyntaxError, readCsvRecords } from '#services/csv_records'
import { errors as vineErrors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { ingredientRowValidator } from '#validators/ingredient'
import RecipeRepricer from '#services/recipes/recipe_repricer'
import PriceHistory from '#services/price_history'
import type { Measure } from '#models/ingredient'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export const REQUIRED_COLUMNS = ['name', 'measure', 'price', 'unit'] as const

export interface CatalogueRow {
  line: number
  name: string
  measure: Measure
  price: number
  unit: number
}

export interface CatalogueProblem {
  line: number
  message: string
}

export interface ImportSummary {
  created: number
  updated: number
  unchanged: number
  repricedRecipes: number
}

export interface SeedSummary {
  created: number
  kept: number
}

/* Every bad row of a file, reported together; nothing was written. */
export class CatalogueImportError extends Error {
  constructor(public problems: CatalogueProblem[]) {
    super(problems.map(({ line, message }) => `line ${line}: ${message}`).join('\n'))
  }
}

/*
 * Loads the ingredient catalogue from CSV (columns name, measure, price, unit;
 * an `id` column is allowed and ignored: rows are matched by name). Every row
 * is validated first; one bad row rejects the whole file. `import` upserts by
 * name and reprices every recipe that uses an ingredient whose price or unit
 * changed, in one transaction; `addMissing` (the seeder) only inserts names
 * the catalogue lacks, so a seed run never reverts an imported price.
 */
export default class IngredientCatalogueImporter {
  static parse(csv: string): Promise<CatalogueRow[]> {
    return parseCatalogue(csv)
  }

  static async import(csv: string): Promise<ImportSummary> {
    const rows = await parseCatalogue(csv)
    return db.transaction(async (trx) => {
      await PriceHistory.lockPriceWrites(trx)
      const existing = await storedRows(trx, rows)
      const byName = new Map(existing.map((row) => [row.name as string, row]))

      const changed = rows.filter((row) => {
        const current = byName.get(row.name)
        return (
          !current ||
          current.measure !== row.measure ||
          Number(current.price) !== row.price ||
          Number(current.unit) !== row.unit
        )
      })
      if (changed.length > 0) {
        await insertRows(trx, changed).merge(['measure', 'price', 'unit', 'updated_at'])
      }

      /* Every row is also a price observation (today, `catalogue`); see PriceHistory. */
      const { moved, dated } = await PriceHistory.recordCatalogue(
        rows,
        new Set(changed.map((row) => row.name)),
        trx
      )
      const repricedIds = existing
        .filter((row) => changed.some((change) => change.name === row.name))
        .map((row) => Number(row.id))
        .concat(moved)
      const repricedRecipes = await RecipeRepricer.repriceRecipesUsing(repricedIds, trx, { dated })
      const created = changed.filter((row) => !byName.has(row.name)).length
      return {
        created,
        updated: changed.length - created,
        unchanged: rows.length - changed.length,
        repricedRecipes,
      }
    })
  }

  /*
   * Inserts the rows whose name is not in the catalogue yet, in file order;
   * stored rows are left exactly as they are (no recipe changes price). The
   * conflict clause covers a name added by a concurrent import or seed run.
   */
  static async addMissing(csv: string): Promise<SeedSummary> {
    const rows = await parseCatalogue(csv)
    return db.transaction(async (trx) => {
      const existing = await storedRows(trx, rows)
      const stored = new Set(existing.map((row) => row.name as string))
      const missing = rows.filter((row) => !stored.has(row.name))
      if (missing.length > 0) {
        await insertRows(trx, missing).ignore()
        /* A new item's price is its first observation (today, `catalogue`), as on import; no recipe uses it yet. */
        await PriceHistory.recordCatalogue(missing, new Set(missing.map((row) => row.name)), trx)
      }
      return { created: missing.length, kept: rows.length - missing.length }
    })
  }
}

/* The catalogue rows named in `rows`, as stored. */
function storedRows(trx: TransactionClientContract, rows: CatalogueRow[]) {
  return trx
    .from('ingredients')
    .whereIn(
      'name',
      rows.map((row) => row.name)
    )
    .select('id', 'name', 'measure', 'price', 'unit')
}

/* One multi-row insert of `rows`; the caller says what a name already stored does. */
function insertRows(trx: TransactionClientContract, rows: CatalogueRow[]) {
  const now = new Date()
  return trx
    .insertQuery()
    .table('ingredients')
    .multiInsert(
      rows.map(({ name, measure, price, unit }) => ({
        name,
        measure,
        price,
        unit,
        created_at: now,
        updated_at: now,
      }))
    )
    .knexQuery.onConflict('name')
}

async function parseCatalogue(csv: string): Promise<CatalogueRow[]> {
  let records: string[][]
  try {
    records = readCsvRecords(csv)
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) {
      throw error
    }
    throw new CatalogueImportError([
      { line: error.line, message: `not valid CSV: ${error.message}` },
    ])
  }
  if (records.length === 0) {
    throw new CatalogueImportError([{ line: 1, message: 'the file is empty' }])
  }

  const header = records[0].map((cell) => cell.toLowerCase())
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column))
  if (missing.length > 0) {
    throw new CatalogueImportError([
      { line: 1, message: `missing column(s): ${missing.join(', ')}` },
    ])
  }

  const problems: CatalogueProblem[] = []
  const rows: CatalogueRow[] = []
  const firstLineOfName = new Map<string, number>()
  for (const [index, record] of records.slice(1).entries()) {
    const line = index + 2
    if (record.length !== header.length) {
      problems.push({ line, message: `expected ${header.length} columns, found ${record.length}` })
      continue
    }
    const cells = Object.fromEntries(header.map((column, position) => [column, record[position]]))
    try {
      const row = await ingredientRowValidator.validate(cells)
      const seenAt = firstLineOfName.get(row.name)
      if (seenAt !== undefined) {
        problems.push({ line, message: `duplicate name "${row.name}" (first on line ${seenAt})` })
        continue
      }
      firstLineOfName.set(row.name, line)
      rows.push({ line, ...row })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) {
        throw error
      }
      for (const { field, message } of error.messages as { field: string; message: string }[]) {
        problems.push({ line, message: `${field}: ${message}` })
      }
    }
  }
  if (problems.length > 0) {
    throw new CatalogueImportError(problems)
  }
  if (rows.length === 0) {
    throw new CatalogueImportError([
      { line: 2, message: 'no ingredient rows after the header: nothing to import' },
    ])
  }
  return rows
}
