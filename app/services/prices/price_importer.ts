import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import RecipeRepricer from '#services/recipes/recipe_repricer'
import PriceHistory, { today as todayUtc } from '#services/price_history'
import { parseCsv } from '#services/prices/csv_price_file'
import { parseKamis } from '#services/prices/kamis_price_file'
import { type PlannedObservation, resolveRows } from '#services/prices/price_rows'
import { currentPrices, recipePrices } from '#services/prices/price_snapshots'
import {
  type CurrentChange,
  type ParsedFile,
  type PriceImportOptions,
  type PriceImportReport,
  type RecipeChange,
  refNumber,
} from '#services/prices/price_import_types'

const INSERT_CHUNK = 500

/* Thrown inside a dry run's transaction so that it rolls back after the report is made. */
class DryRunRollback extends Error {
  constructor(public report: PriceImportReport) {
    super('dry run')
  }
}

/*
 * prices:import (contract §8). The file is parsed and every row validated
 * first; then, in one transaction holding the price-writes lock, rows are
 * resolved against the catalogue (names, aliases, units), stored (the same
 * ingredient, date and source twice changes nothing), each touched
 * ingredient's current price is derived again from its observations, and
 * every recipe using an ingredient whose current price moved is repriced
 * set-based (RecipeRepricer). Any bad row fails the file and writes nothing,
 * aliases included; a dry run does it all and rolls back.
 */
export default class PriceImporter {
  static async import(text: string, options: PriceImportOptions): Promise<PriceImportReport> {
    const today = todayUtc()
    const parsed =
      options.format === 'kamis'
        ? parseKamis(text, options, today)
        : await parseCsv(text, options, today)
    try {
      return await db.transaction(async (trx) => {
        await PriceHistory.lockPriceWrites(trx)
        const report = await store(parsed, trx, options.dryRun ?? false)
        if (options.dryRun) {
          throw new DryRunRollback(report)
        }
        return report
      })
    } catch (error) {
      if (error instanceof DryRunRollback) {
        return error.report
      }
      throw error
    }
  }
}

async function store(
  parsed: ParsedFile,
  trx: TransactionClientContract,
  dryRun: boolean
): Promise<PriceImportReport> {
  const skipped = parsed.skipped
  const { planned, newAliases } = await resolveRows(parsed, trx)
  const now = new Date()
  if (newAliases.size > 0) {
    await trx.table('price_aliases').multiInsert(
      [...newAliases].map(([name, ingredientId]) => ({
        name,
        ingredient_id: ingredientId,
        created_at: now,
        updated_at: now,
      }))
    )
  }

  const ids = [...new Set(planned.map((row) => row.ingredientId))]
  const existing =
    ids.length === 0
      ? []
      : await trx
          .from('ingredient_prices')
          .whereIn('ingredient_id', ids)
          .whereIn('observed_on', [...new Set(planned.map((row) => row.observedOn))])
          .whereIn('source', [...new Set(planned.map((row) => row.source))])
          .select(
            'id',
            'ingredient_id',
            trx.raw('CAST(observed_on AS TEXT) AS observed_on'),
            'source',
            'price',
            'unit',
            'measure'
          )
  const existingByKey = new Map(
    existing.map((row) => [
      `${Number(row.ingredient_id)}|${String(row.observed_on).slice(0, 10)}|${row.source}`,
      row,
    ])
  )
  const toInsert: PlannedObservation[] = []
  const toReplace: number[] = []
  let unchanged = 0
  for (const row of planned) {
    const old = existingByKey.get(`${row.ingredientId}|${row.observedOn}|${row.source}`)
    if (
      old &&
      Number(old.price) === row.price &&
      Number(old.unit) === row.unit &&
      old.measure === row.measure
    ) {
      unchanged++
      continue
    }
    if (old) {
      toReplace.push(Number(old.id))
    }
    toInsert.push(row)
  }
  /* A corrected observation is deleted and inserted again: it is now the last imported. */
  if (toReplace.length > 0) {
    await trx.from('ingredient_prices').whereIn('id', toReplace).delete()
  }
  for (let start = 0; start < toInsert.length; start += INSERT_CHUNK) {
    await trx.table('ingredient_prices').multiInsert(
      toInsert.slice(start, start + INSERT_CHUNK).map((row) => ({
        ingredient_id: row.ingredientId,
        price: row.price,
        unit: row.unit,
        measure: row.measure,
        observed_on: row.observedOn,
        source: row.source,
        created_at: now,
      }))
    )
  }

  const touched = [...new Set(toInsert.map((row) => row.ingredientId))]
  const before = touched.length > 0 ? await currentPrices(trx, touched) : new Map()
  const { moved, dated } = await PriceHistory.refreshIngredients(touched, trx)
  const after = touched.length > 0 ? await currentPrices(trx, touched) : new Map()
  const current: CurrentChange[] = []
  for (const id of touched) {
    const { name, ...was } = before.get(id)!
    const { name: unused, ...is } = after.get(id)!
    if (JSON.stringify(was) !== JSON.stringify(is)) {
      current.push({ ingredient: name, before: was, after: is })
    }
  }

  const recipesBefore = dryRun ? await recipePrices(trx, moved) : []
  const started = performance.now()
  const repricedRecipes = await RecipeRepricer.repriceRecipesUsing(moved, trx, { dated })
  const repricingMs = Math.round(performance.now() - started)
  const recipes: RecipeChange[] = []
  if (dryRun) {
    const repriced = await recipePrices(trx, moved)
    const recipesAfter = new Map(repriced.map((row) => [row.id, row]))
    for (const old of recipesBefore) {
      const fresh = recipesAfter.get(old.id)!
      recipes.push({
        id: old.id,
        title: old.title,
        before: { price: old.price, price_per_serving: old.price_per_serving },
        after: { price: fresh.price, price_per_serving: fresh.price_per_serving },
      })
    }
  }

  return {
    dryRun,
    observations: planned.length,
    inserted: toInsert.length - toReplace.length,
    replaced: toReplace.length,
    unchanged,
    skipped: skipped.sort((a, b) => refNumber(a.ref) - refNumber(b.ref)),
    aliasesCreated: [...newAliases.keys()],
    current,
    repricedRecipes,
    repricingMs,
    recipes,
  }
}
