import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { type Fraction, multiply, parseDecimal } from '#services/recipes/recipe_cost_calculator'
import { IncompatibleUnitError, isUnit, unitFactor } from '#services/units'
import {
  type FileRow,
  type ParsedFile,
  PriceImportError,
  type PriceProblem,
  refNumber,
} from '#services/prices/price_import_types'

interface CatalogueEntry {
  id: number
  name: string
  measure: string
  gramsPerPiece: string | null
  mlPerPiece: string | null
}

/* An observation ready to store: `price` KRW bought `unit` of the ingredient's measure. */
export interface PlannedObservation {
  ref: string
  ingredientId: number
  ingredientName: string
  price: number
  unit: number
  measure: string
  observedOn: string
  source: string
}

const INT_MAX = 2_147_483_647

async function loadCatalogue(
  trx: TransactionClientContract,
  column: 'name' | 'id',
  values: (string | number)[]
): Promise<CatalogueEntry[]> {
  if (values.length === 0) {
    return []
  }
  const rows = await trx
    .from('ingredients')
    .whereIn(column, [...new Set(values)])
    .select('id', 'name', 'measure', 'grams_per_piece', 'ml_per_piece')
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    measure: row.measure,
    gramsPerPiece: row.grams_per_piece === null ? null : String(row.grams_per_piece),
    mlPerPiece: row.ml_per_piece === null ? null : String(row.ml_per_piece),
  }))
}

/*
 * `price` KRW for `amount` of `unitWord`, as integers in the ingredient's
 * own measure: exact, so a fractional amount scales price and unit together.
 */
function toOwnMeasure(
  row: FileRow,
  ingredient: CatalogueEntry,
  gramsPerUnit: string | null
): { price: number; unit: number } | string {
  let quantity: Fraction
  try {
    if (isUnit(row.unitWord)) {
      quantity = multiply(row.amount, unitFactor(row.unitWord, ingredient))
    } else if (gramsPerUnit !== null) {
      quantity = multiply(
        multiply(row.amount, parseDecimal(gramsPerUnit)),
        unitFactor('g', ingredient)
      )
    } else {
      return `단위 ${row.unitWord}을(를) ${ingredient.measure}(으)로 바꿀 수 없음: prices:alias "${row.label}" ${ingredient.name} --grams-per-unit=N 로 무게를 정할 것`
    }
  } catch (error) {
    if (error instanceof IncompatibleUnitError) {
      return `단위 ${row.unitWord}은(는) ${ingredient.name}(${ingredient.measure})와 호환되지 않음`
    }
    throw error
  }
  const price = BigInt(row.price) * quantity.denominator
  const unit = quantity.numerator
  if (unit === 0n) {
    return '수량이 0임'
  }
  if (price > BigInt(INT_MAX) || unit > BigInt(INT_MAX)) {
    return `가격 또는 수량이 너무 큼 (${price} KRW / ${unit} ${ingredient.measure})`
  }
  return { price: Number(price), unit: Number(unit) }
}

/*
 * A parsed file's rows met with the catalogue: each names an ingredient
 * (directly or through an alias), its price is converted to that
 * ingredient's measure, and one row per ingredient, date and source is kept.
 * Any problem, of the file or of a row, refuses the whole file.
 */
export async function resolveRows(
  { rows, skipped, problems: fileProblems }: ParsedFile,
  trx: TransactionClientContract
) {
  const aliasNames = rows.filter((row) => row.byAlias).map((row) => row.label)
  const aliases = new Map<string, { ingredientId: number; gramsPerUnit: string | null }>()
  if (aliasNames.length > 0) {
    for (const alias of await trx
      .from('price_aliases')
      .whereIn('name', [...new Set(aliasNames)])
      .select('name', 'ingredient_id', 'grams_per_unit')) {
      aliases.set(alias.name, {
        ingredientId: Number(alias.ingredient_id),
        gramsPerUnit: alias.grams_per_unit === null ? null : String(alias.grams_per_unit),
      })
    }
  }
  const named = await loadCatalogue(
    trx,
    'name',
    rows.flatMap((row) => (row.byAlias ? row.autoNames : [row.label]))
  )
  const byName = new Map(named.map((entry) => [entry.name, entry]))
  const aliased = await loadCatalogue(
    trx,
    'id',
    [...aliases.values()].map((alias) => alias.ingredientId)
  )
  const byId = new Map(aliased.map((entry) => [entry.id, entry]))

  const problems: PriceProblem[] = []
  const planned: PlannedObservation[] = []
  const newAliases = new Map<string, number>()
  const firstOfKey = new Map<string, string>()
  for (const row of rows) {
    let ingredient: CatalogueEntry | undefined
    let gramsPerUnit: string | null = null
    if (row.byAlias) {
      const alias = aliases.get(row.label)
      if (alias) {
        ingredient = byId.get(alias.ingredientId)
        gramsPerUnit = alias.gramsPerUnit
      } else {
        ingredient = row.autoNames.map((name) => byName.get(name)).find(Boolean)
        if (!ingredient) {
          skipped.push({ ref: row.ref, label: row.label, reason: '별칭 없음 (prices:alias)' })
          continue
        }
        newAliases.set(row.label, ingredient.id)
      }
    } else {
      ingredient = byName.get(row.label)
      if (!ingredient) {
        problems.push({ ref: row.ref, message: `존재하지 않는 재료: ${row.label}` })
        continue
      }
    }
    const converted = toOwnMeasure(row, ingredient!, gramsPerUnit)
    if (typeof converted === 'string') {
      problems.push({ ref: row.ref, message: `${row.label}: ${converted}` })
      continue
    }
    const key = `${ingredient!.id}|${row.observedOn}|${row.source}`
    const first = firstOfKey.get(key)
    if (first !== undefined) {
      if (row.byAlias) {
        /* Another grade or kind of the same ingredient: the first row of the answer counts. */
        skipped.push({
          ref: row.ref,
          label: row.label,
          reason: `${ingredient!.name}의 가격은 ${first}에서 이미 읽음`,
        })
      } else {
        problems.push({
          ref: row.ref,
          message: `${row.label}의 ${row.observedOn} ${row.source} 가격이 ${first}에 이미 있음`,
        })
      }
      continue
    }
    firstOfKey.set(key, row.ref)
    planned.push({
      ref: row.ref,
      ingredientId: ingredient!.id,
      ingredientName: ingredient!.name,
      ...converted,
      measure: ingredient!.measure,
      observedOn: row.observedOn,
      source: row.source,
    })
  }
  if (fileProblems.length + problems.length > 0) {
    throw new PriceImportError(
      [...fileProblems, ...problems].sort((a, b) => refNumber(a.ref) - refNumber(b.ref))
    )
  }
  return { planned, newAliases }
}
