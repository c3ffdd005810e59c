import { parse } from 'csv-parse/sync'
import { errors as vineErrors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { ingredientRowValidator } from '#validators/ingredient'
import RecipeRepricer from '#services/recipes/recipe_repricer'
import type { Measure } from '#models/ingredient'

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

/* Every bad row of a file, reported together; nothing was written. */
export class CatalogueImportError extends Error {
  constructor(public problems: CatalogueProblem[]) {
    super(problems.map(({ line, message }) => `line ${line}: ${message}`).join('\n'))
  }
}

/*
 * Loads the ingredient catalogue from CSV (columns name, measure, price, unit;
 * an `id` column is allowed and ignored: rows are matched by name). Every row
 * is validated first; one bad row rejects the whole file. Then, in one
 * transaction: upsert by name, and reprice every recipe that uses an
 * ingredient whose price or unit changed.
 */
export default class IngredientCatalogueImporter {
  static parse(csv: string): Promise<CatalogueRow[]> {
    return parseCatalogue(csv)
  }

  static async import(csv: string): Promise<ImportSummary> {
    const rows = await parseCatalogue(csv)
    return db.transaction(async (trx) => {
      const existing = await trx
        .from('ingredients')
        .whereIn(
          'name',
          rows.map((row) => row.name)
        )
        .select('id', 'name', 'measure', 'price', 'unit')
      const byName = new Map(existing.map((row) => [row.name as string, row]))

      const now = new Date()
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
        await trx
          .insertQuery()
          .table('ingredients')
          .multiInsert(
            changed.map(({ name, measure, price, unit }) => ({
              name,
              measure,
              price,
              unit,
              created_at: now,
              updated_at: now,
            }))
          )
          .knexQuery.onConflict('name')
          .merge(['measure', 'price', 'unit', 'updated_at'])
      }

      const repricedIds = existing
        .filter((row) => changed.some((change) => change.name === row.name))
        .map((row) => Number(row.id))
      const repricedRecipes = await RecipeRepricer.repriceRecipesUsing(repricedIds, trx)
      const created = changed.filter((row) => !byName.has(row.name)).length
      return {
        created,
        updated: changed.length - created,
        unchanged: rows.length - changed.length,
        repricedRecipes,
      }
    })
  }
}

async function parseCatalogue(csv: string): Promise<CatalogueRow[]> {
  let records: string[][]
  try {
    records = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    })
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    throw new CatalogueImportError([
      { line, message: `not valid CSV: ${(error as Error).message}` },
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
  return rows
}
