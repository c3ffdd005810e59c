/*
 * The one implementation of the recipe cost rule (contract §4):
 *   line cost         = price × quantity / unit
 *   price             = round(Σ line cost)          (integer KRW)
 *   price_per_serving = round(price / servings)
 * Quantities are decimals (strings from the database or the client), so the
 * arithmetic is done on exact fractions of BigInts: 0.1 + 0.2 is 0.3 here.
 * Rounding is half up (all amounts are positive).
 */

/** A catalogue row as the calculator needs it: `price` KRW buys `unit`. */
export interface PricedIngredient {
  price: number
  unit: number
}

export interface CostLineInput extends PricedIngredient {
  /**
   * Decimal as a string ("300", "0.25") or a finite number, or an exact
   * fraction already in the ingredient's measure (a converted unit, see units.ts).
   */
  quantity: string | number | Fraction
}

export interface CostLineResult {
  /** The quantity after scaling, as a decimal string with at most 4 places. */
  quantity: string
  /** The line's cost rounded to whole KRW (display only; price uses exact sums). */
  cost: number
}

export interface RecipeCost {
  price: number
  pricePerServing: number
  lines: CostLineResult[]
}

/** Quantities keep at most this many decimal places (the database column's scale). */
export const QUANTITY_SCALE = 4

/** An exact non-negative rational; helpers below keep it in lowest terms. */
export interface Fraction {
  numerator: bigint
  denominator: bigint
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    ;[a, b] = [b, a % b]
  }
  return a
}

export function normalize({ numerator, denominator }: Fraction): Fraction {
  const divisor = gcd(numerator, denominator) || 1n
  return { numerator: numerator / divisor, denominator: denominator / divisor }
}

export function multiply(a: Fraction, b: Fraction): Fraction {
  return normalize({
    numerator: a.numerator * b.numerator,
    denominator: a.denominator * b.denominator,
  })
}

export function add(a: Fraction, b: Fraction): Fraction {
  return normalize({
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  })
}

export function roundHalfUp({ numerator, denominator }: Fraction): number {
  return Number((2n * numerator + denominator) / (2n * denominator))
}

export function toDecimalString(value: Fraction, places: number): string {
  const factor = 10n ** BigInt(places)
  const scaled = (2n * value.numerator * factor + value.denominator) / (2n * value.denominator)
  const whole = scaled / factor
  const fraction = (scaled % factor).toString().padStart(places, '0').replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : `${whole}`
}

/** a / b; b must not be zero. */
export function divide(a: Fraction, b: Fraction): Fraction {
  if (b.numerator === 0n) {
    throw new RangeError('Division by zero')
  }
  return multiply(a, { numerator: b.denominator, denominator: b.numerator })
}

/** Parses a non-negative decimal exactly; throws on anything else. */
export function parseDecimal(value: string | number | Fraction): Fraction {
  if (typeof value === 'object') {
    return normalize(value)
  }
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim()
  const match = DECIMAL.exec(text)
  if (!match) {
    throw new TypeError(`Not a non-negative decimal: ${String(value)}`)
  }
  const [, whole, fraction = ''] = match
  return normalize({
    numerator: BigInt(whole + fraction),
    denominator: 10n ** BigInt(fraction.length),
  })
}

/**
 * Numbers arrive from JSON or SQLite as doubles; their shortest decimal form
 * is what was written (1e-7 is spelled out as 0.0000001).
 */
export function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`Not a finite number: ${value}`)
  }
  const text = String(value)
  return text.includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : text
}

/** Canonical decimal text of a quantity (e.g. "300.0000" → "300"). */
export function canonicalQuantity(value: string | number): string {
  return toDecimalString(parseDecimal(value), QUANTITY_SCALE)
}

export default class RecipeCostCalculator {
  /**
   * Cost of a recipe for `servings` servings. With `forServings`, every
   * quantity, line cost and the price are scaled by forServings / servings
   * (GET /posts/{id}?servings=N); price_per_serving stays per one serving.
   */
  static calculate(lines: CostLineInput[], servings: number, forServings = servings): RecipeCost {
    const scale: Fraction = normalize({
      numerator: BigInt(forServings),
      denominator: BigInt(servings),
    })
    let total: Fraction = { numerator: 0n, denominator: 1n }
    const results: CostLineResult[] = lines.map((line) => {
      const quantity = multiply(parseDecimal(line.quantity), scale)
      const cost = multiply(quantity, {
        numerator: BigInt(line.price),
        denominator: BigInt(line.unit),
      })
      total = add(total, cost)
      return { quantity: toDecimalString(quantity, QUANTITY_SCALE), cost: roundHalfUp(cost) }
    })
    const price = roundHalfUp(total)
    const pricePerServing = roundHalfUp({
      numerator: BigInt(price),
      denominator: BigInt(forServings),
    })
    return { price, pricePerServing, lines: results }
  }
}
