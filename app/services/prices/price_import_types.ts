import { addYears } from '#validators/ingredient_prices'
import type { Fraction } from '#services/recipes/recipe_cost_calculator'

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
  /* Wall time of the repricing pass (recipes' prices and price dates) inside the transaction. */
  repricingMs: number
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
export interface FileRow {
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
export interface ParsedFile {
  rows: FileRow[]
  skipped: SkippedRow[]
  problems: PriceProblem[]
}

/* "line 12" → 12, "item 3 (상품)" → 3: problems are reported in file order. */
export function refNumber(ref: string) {
  return Number(/\d+/.exec(ref)?.[0] ?? 0)
}

function latestAllowedDate(today: string) {
  /* One day of slack: a Korean morning is still yesterday in UTC. */
  const next = new Date(`${today}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

/* Both file formats refuse the same dates: the future (beyond a day) and the distant past. */
export function checkDate(observedOn: string, today: string): string | undefined {
  if (observedOn > latestAllowedDate(today)) {
    return `observed_on: 미래 날짜(${observedOn})의 가격은 가져올 수 없음`
  }
  if (observedOn < addYears(today, -100)) {
    return `observed_on: 너무 오래된 날짜(${observedOn})`
  }
}
