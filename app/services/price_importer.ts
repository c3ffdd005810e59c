import { CsvSyntaxError, readCsvRecords } from '#services/csv_records'
import { errors as vineErrors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import RecipeRepricer from '#services/recipes/recipe_repricer'
import PriceHistory, { today as todayUtc } from '#services/price_history'
import { type Fraction, multiply, parseDecimal } from '#services/recipes/recipe_cost_calculator'
import { IncompatibleUnitError, isUnit, UNIT_NAMES, unitFactor } from '#services/units'
import {
  addYears,
  isCalendarDate,
  PRICE_MAX,
  priceRowValidator,
} from '#validators/ingredient_prices'

export type PriceFormat = 'csv' | 'kamis'

export interface PriceImportOptions {
  format: PriceFormat
  /* Source of rows that name none (CSV) or of every row (KAMIS); default `import` / `KAMIS`. */
  source?: string
  /* observed_on of rows that name none; default the KAMIS answer's date, else today. */
  date?: string
  dryRun?: boolean
}

/* A problem that rejects the whole file: `ref` is "line 3" (CSV) or "item 4" (KAMIS). */
export interface PriceProblem {
  ref: string
  message: string
}

export interface SkippedRow {
  ref: string
  label: string
  reason: string
}

export interface CurrentChange {
  ingredient: string
  before: { price: number; unit: number; price_date: string | null; source: string | null }
  after: { price: number; unit: number; price_date: string | null; source: string | null }
}

export interface RecipeChange {
  id: number
  title: string
  before: { price: number; price_per_serving: number }
  after: { price: number; price_per_serving: number }
}

export interface PriceImportReport {
  dryRun: boolean
  /* Observations in the file after skipping. */
  observations: number
  inserted: number
  replaced: number
  unchanged: number
  skipped: SkippedRow[]
  /* Aliases made for KAMIS rows whose item or kind is an ingredient's exact name. */
  aliasesCreated: string[]
  /* Ingredients whose current price (or its date or source) moved. */
  current: CurrentChange[]
  repricedRecipes: number
  /* Only in a dry run: every recipe that would be repriced, with old and new prices. */
  recipes: RecipeChange[]
}

/* Every bad row of a file, reported together; nothing was written. */
export class PriceImportError extends Error {
  constructor(public problems: PriceProblem[]) {
    super(problems.map(({ ref, message }) => `${ref}: ${message}`).join('\n'))
  }
}

/* A row as the file states it, before it meets the catalogue. */
interface FileRow {
  ref: string
  /* CSV: the ingredient's name; KAMIS: "<item_name>/<kind_name>". */
  label: string
  byAlias: boolean
  /* KAMIS: names tried, in order, when the alias is unknown. */
  autoNames: string[]
  amount: Fraction
  unitWord: string
  price: number
  observedOn: string
  source: string
}

/* A file's rows, the rows it skips, and the problems found before the catalogue was consulted. */
interface ParsedFile {
  rows: FileRow[]
  skipped: SkippedRow[]
  problems: PriceProblem[]
}

interface CatalogueEntry {
  id: number
  name: string
  measure: string
  gramsPerPiece: string | null
  mlPerPiece: string | null
}

/* An observation ready to store: `price` KRW bought `unit` of the ingredient's measure. */
interface PlannedObservation {
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
const INSERT_CHUNK = 500
const KAMIS_PRICE = /^\d{1,3}(?:,\d{3})*$|^\d+$/
const KAMIS_UNIT = /^(\d+(?:\.\d{1,4})?)\s*(\S+)$/

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

function latestAllowedDate(today: string) {
  /* One day of slack: a Korean morning is still yesterday in UTC. */
  const next = new Date(`${today}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

function checkDate(observedOn: string, today: string): string | undefined {
  if (observedOn > latestAllowedDate(today)) {
    return `observed_on: 미래 날짜(${observedOn})의 가격은 가져올 수 없음`
  }
  if (observedOn < addYears(today, -100)) {
    return `observed_on: 너무 오래된 날짜(${observedOn})`
  }
}

async function parseCsv(
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

function parseKamis(text: string, options: PriceImportOptions, today: string): ParsedFile {
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

/* "line 12" → 12, "item 3 (상품)" → 3: problems are reported in file order. */
function refNumber(ref: string) {
  return Number(/\d+/.exec(ref)?.[0] ?? 0)
}

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

async function resolve(
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

async function currentPrices(trx: TransactionClientContract, ids: number[]) {
  const rows = await trx
    .from('ingredients')
    .whereIn('id', ids)
    .select(
      'id',
      'name',
      'price',
      'unit',
      trx.raw('CAST(price_date AS TEXT) AS price_date'),
      'source'
    )
  return new Map(
    rows.map((row) => [
      Number(row.id),
      {
        name: row.name as string,
        price: Number(row.price),
        unit: Number(row.unit),
        price_date: row.price_date === null ? null : String(row.price_date).slice(0, 10),
        source: (row.source ?? null) as string | null,
      },
    ])
  )
}

async function recipePrices(trx: TransactionClientContract, ingredientIds: number[]) {
  if (ingredientIds.length === 0) {
    return []
  }
  const rows = await trx
    .from('posts')
    .whereIn(
      'id',
      trx.from('post_ingredients').distinct('post_id').whereIn('ingredient_id', ingredientIds)
    )
    .select('id', 'title', 'price', 'price_per_serving')
    .orderBy('id')
  return rows.map((row) => ({
    id: Number(row.id),
    title: row.title as string,
    price: Number(row.price),
    price_per_serving: Number(row.price_per_serving),
  }))
}

async function store(
  parsed: ParsedFile,
  trx: TransactionClientContract,
  dryRun: boolean
): Promise<PriceImportReport> {
  const skipped = parsed.skipped
  const { planned, newAliases } = await resolve(parsed, trx)
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
  const moved = await PriceHistory.refreshCurrent(touched, trx)
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
  const repricedRecipes = await RecipeRepricer.repriceRecipesUsing(moved, trx)
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
    recipes,
  }
}
