/* Over 300 lines on purpose: the one cost rule, its exact decimals and PreparedRecipe (its fast path) must agree, so they are read and tested together. */
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

/* A decimal already written canonically: no padding zeros, at most QUANTITY_SCALE places. */
const CANONICAL_QUANTITY = new RegExp(`^(?:0|[1-9]\\d*)(?:\\.\\d{0,${QUANTITY_SCALE - 1}}[1-9])?$`)

/** Canonical decimal text of a quantity (e.g. "300.0000" → "300"). */
export function canonicalQuantity(value: string | number): string {
  /* Most quantities read back are canonical already (a number's shortest form is). */
  const text = typeof value === 'number' ? String(value) : value
  if (CANONICAL_QUANTITY.test(text)) {
    return text
  }
  return toDecimalString(parseDecimal(value), QUANTITY_SCALE)
}

/* Greatest common divisor of two non-negative safe integers. */
function gcdOf(a: number, b: number): number {
  while (b !== 0) {
    const rest = a % b
    a = b
    b = rest
  }
  return a
}

/* floor(x / y) for safe integers x >= 0, y > 0, exact (checked by the remainder). */
function floorDivide(x: number, y: number): number {
  let quotient = Math.floor(x / y)
  const rest = x - quotient * y
  if (rest < 0) {
    quotient--
  } else if (rest >= y) {
    quotient++
  }
  return quotient
}

/*
 * A decimal of at most 15 digits as [numerator, denominator] safe integers
 * in lowest terms (what parseDecimal answers, without BigInts), or undefined
 * for anything else (parseDecimal then decides).
 */
function smallDecimal(value: string | number): [number, number] | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) {
      return [value, 1]
    }
    value = String(value)
  }
  /* The shape of DECIMAL, scanned by hand: this runs for every line of a bulk repricing. */
  let numerator = 0
  let digits = 0
  let places = -1
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code >= 48 && code <= 57) {
      numerator = numerator * 10 + (code - 48)
      digits++
      if (places >= 0) {
        places++
      }
    } else if (code === 46 && places < 0 && digits > 0) {
      places = 0
    } else {
      return undefined
    }
  }
  if (digits === 0 || places === 0 || digits > 15) {
    return undefined
  }
  const denominator = places > 0 ? 10 ** places : 1
  const common = gcdOf(numerator, denominator)
  return [numerator / common, denominator / common]
}

/* Thrown inside the fast path when an intermediate leaves the safe integers. */
const UNSAFE = Symbol('unsafe')
function safe(value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw UNSAFE
  }
  return value
}

/**
 * A recipe's quantities, parsed and scaled once, priced as often as needed
 * (each point of a cost history, each meal of a plan, each recipe of a
 * repricing). Pricing is the same exact rule as with BigInt fractions, done
 * on safe integers: most sums stay far below 2^53; one that would not is
 * redone with BigInts, so the answer never depends on the path taken.
 */
export class PreparedRecipe {
  readonly #inputs: (string | number | Fraction)[]
  readonly #scale: Fraction
  /* Quantities as fractions in lowest terms: BigInt (made when first needed), and as numbers. */
  #quantities: Fraction[] | undefined
  readonly #numerators: number[]
  readonly #denominators: number[]
  readonly #fast: boolean
  /*
   * For the units last priced with: one common denominator of every line's
   * quantity / unit, and each line's numerator over it, so that pricing at
   * new prices with the same units (the points of a cost history) is one
   * multiply-add per line. Undefined until first needed or when not safe.
   */
  #commonUnits: number[] | undefined
  #commonDenominator = 1
  #coefficients: number[] = []

  constructor(
    quantities: (string | number | Fraction)[],
    readonly servings: number,
    readonly forServings = servings
  ) {
    this.#inputs = quantities
    /* Servings are small integers: their ratio is reduced on numbers. */
    const common = gcdOf(forServings, servings) || 1
    const scaleNumerator = forServings / common
    const scaleDenominator = servings / common
    this.#scale = { numerator: BigInt(scaleNumerator), denominator: BigInt(scaleDenominator) }
    this.#numerators = []
    this.#denominators = []
    let fast = true
    for (const quantity of quantities) {
      /* Plain decimals (most lines) are parsed and scaled on numbers; anything else on BigInts. */
      const decimal = typeof quantity === 'object' ? undefined : smallDecimal(quantity)
      if (decimal) {
        const [numerator, denominator] = decimal
        const left = gcdOf(numerator, scaleDenominator) || 1
        const right = gcdOf(scaleNumerator, denominator) || 1
        this.#numerators.push((numerator / left) * (scaleNumerator / right))
        this.#denominators.push((denominator / right) * (scaleDenominator / left))
      } else {
        const exact = multiply(parseDecimal(quantity), this.#scale)
        this.#numerators.push(Number(exact.numerator))
        this.#denominators.push(Number(exact.denominator))
      }
    }
    for (let line = 0; line < this.#numerators.length && fast; line++) {
      fast = Number.isSafeInteger(this.#numerators[line])
      fast &&= Number.isSafeInteger(this.#denominators[line])
    }
    this.#fast = fast
  }

  get quantities(): readonly Fraction[] {
    this.#quantities ??= this.#inputs.map((quantity) =>
      multiply(parseDecimal(quantity), this.#scale)
    )
    return this.#quantities
  }

  /**
   * round(Σ prices[i] × quantity[i] / units[i]): whole KRW for the recipe,
   * with line i priced at `prices[i]` KRW per `units[i]` of its measure
   * (non-negative integers, units > 0; an unpriced line is price 0).
   */
  price(prices: ArrayLike<number>, units: ArrayLike<number>): number {
    if (this.#fast) {
      try {
        const common = this.#commonPrice(prices, units)
        if (common !== undefined) {
          return common
        }
        return this.#fastPrice(prices, units)
      } catch (error) {
        if (error !== UNSAFE) {
          throw error
        }
      }
    }
    let total: Fraction = { numerator: 0n, denominator: 1n }
    for (let line = 0; line < this.quantities.length; line++) {
      total = add(total, this.#lineCost(line, prices, units))
    }
    return roundHalfUp(total)
  }

  /** One line's cost rounded to whole KRW (display only: the price sums exact costs). */
  lineCost(line: number, prices: ArrayLike<number>, units: ArrayLike<number>): number {
    return roundHalfUp(this.#lineCost(line, prices, units))
  }

  /** round(price / forServings): what one serving costs. */
  pricePerServing(price: number): number {
    return floorDivide(2 * price + this.forServings, 2 * this.forServings)
  }

  #lineCost(line: number, prices: ArrayLike<number>, units: ArrayLike<number>): Fraction {
    return multiply(this.quantities[line], {
      numerator: BigInt(prices[line]),
      denominator: BigInt(units[line]),
    })
  }

  /*
   * Σ coefficient[i] × prices[i] over the common denominator of these units,
   * or undefined when that does not fit in safe integers (then the running
   * sum below, which stays in lowest terms, is tried).
   */
  #commonPrice(prices: ArrayLike<number>, units: ArrayLike<number>): number | undefined {
    if (!this.#sameUnits(units) && !this.#prepareUnits(units)) {
      return undefined
    }
    let numerator = 0
    for (let line = 0; line < this.#coefficients.length; line++) {
      const term = this.#coefficients[line] * prices[line]
      if (!Number.isSafeInteger(term)) {
        return undefined
      }
      numerator += term
    }
    /* Terms are non-negative: a sum that overflowed is past 2^53 and not safe either. */
    const twice = 2 * numerator + this.#commonDenominator
    if (!Number.isSafeInteger(twice)) {
      return undefined
    }
    return floorDivide(twice, 2 * this.#commonDenominator)
  }

  #sameUnits(units: ArrayLike<number>): boolean {
    const kept = this.#commonUnits
    if (kept === undefined || kept.length !== units.length) {
      return false
    }
    /* Called for every point of a cost history: no iterator entries (each would be an allocation). */
    let line = 0
    for (const unit of kept) {
      if (unit !== units[line++]) {
        return false
      }
    }
    return true
  }

  /* Sets the common denominator and coefficients for `units`; false when they are not safe. */
  #prepareUnits(units: ArrayLike<number>): boolean {
    this.#commonUnits = undefined
    let denominator = 1
    for (let line = 0; line < this.#denominators.length; line++) {
      const lineDenominator = this.#denominators[line] * units[line]
      denominator = (denominator / gcdOf(denominator, lineDenominator)) * lineDenominator
      /* Room for 2 × numerator + denominator: the coefficients are then small enough to be useful. */
      if (!Number.isSafeInteger(lineDenominator) || !Number.isSafeInteger(4 * denominator)) {
        return false
      }
    }
    const coefficients: number[] = []
    for (let line = 0; line < this.#denominators.length; line++) {
      const coefficient =
        this.#numerators[line] * (denominator / (this.#denominators[line] * units[line]))
      if (!Number.isSafeInteger(coefficient)) {
        return false
      }
      coefficients.push(coefficient)
    }
    this.#commonUnits = Array.from(units)
    this.#commonDenominator = denominator
    this.#coefficients = coefficients
    return true
  }

  /* The running sum as numerator / denominator of safe integers, in lowest terms. */
  #fastPrice(prices: ArrayLike<number>, units: ArrayLike<number>): number {
    let numerator = 0
    let denominator = 1
    for (let line = 0; line < this.#numerators.length; line++) {
      let lineNumerator = safe(this.#numerators[line] * prices[line])
      if (lineNumerator === 0) {
        continue
      }
      let lineDenominator = safe(this.#denominators[line] * units[line])
      const common = gcdOf(lineNumerator, lineDenominator)
      lineNumerator /= common
      lineDenominator /= common
      const shared = gcdOf(denominator, lineDenominator)
      const sum = safe(
        safe(numerator * (lineDenominator / shared)) + safe(lineNumerator * (denominator / shared))
      )
      const sumDenominator = safe((denominator / shared) * lineDenominator)
      const reduce = gcdOf(sum, sumDenominator)
      numerator = sum / reduce
      denominator = sumDenominator / reduce
    }
    return floorDivide(safe(2 * numerator + denominator), safe(2 * denominator))
  }
}

export default class RecipeCostCalculator {
  /**
   * Cost of a recipe for `servings` servings. With `forServings`, every
   * quantity, line cost and the price are scaled by forServings / servings
   * (GET /posts/{id}?servings=N); price_per_serving stays per one serving.
   */
  static calculate(lines: CostLineInput[], servings: number, forServings = servings): RecipeCost {
    const recipe = new PreparedRecipe(
      lines.map((line) => line.quantity),
      servings,
      forServings
    )
    const prices = lines.map((line) => line.price)
    const units = lines.map((line) => line.unit)
    const price = recipe.price(prices, units)
    return {
      price,
      pricePerServing: recipe.pricePerServing(price),
      lines: recipe.quantities.map((quantity, line) => ({
        quantity: toDecimalString(quantity, QUANTITY_SCALE),
        cost: recipe.lineCost(line, prices, units),
      })),
    }
  }
}
