import {
  type Fraction,
  multiply,
  normalize,
  parseDecimal,
} from '#services/recipes/recipe_cost_calculator'

/*
 * Units of contract §8. Every unit belongs to one dimension and is an exact
 * multiple of that dimension's base (g, ml, 개). Catalogue measures are the
 * bases; recipe lines and imported prices may use any unit, converted here
 * exactly (fractions of BigInts, the calculator's), never through floats.
 */
export const UNITS = {
  g: { dimension: 'mass', base: 1n },
  kg: { dimension: 'mass', base: 1000n },
  ml: { dimension: 'volume', base: 1n },
  L: { dimension: 'volume', base: 1000n },
  큰술: { dimension: 'volume', base: 15n },
  작은술: { dimension: 'volume', base: 5n },
  컵: { dimension: 'volume', base: 200n },
  개: { dimension: 'count', base: 1n },
} as const

export type Unit = keyof typeof UNITS
export type Dimension = (typeof UNITS)[Unit]['dimension']
export const UNIT_NAMES = Object.keys(UNITS) as Unit[]

/* The catalogue measure that is the base of each dimension. */
const BASE_MEASURE: Record<Dimension, Unit> = { mass: 'g', volume: 'ml', count: '개' }

/**
 * What conversion needs to know of an ingredient. A piece size (decimal text
 * or number, as the database returns it) links 개 with its mass or volume, for
 * this ingredient alone.
 */
export interface ConvertibleIngredient {
  measure: string
  gramsPerPiece?: string | number | null
  mlPerPiece?: string | number | null
}

/* A unit that cannot express a quantity of this ingredient (a 422 on `ingredients.N.measure`). */
export class IncompatibleUnitError extends Error {
  constructor(
    public unit: string,
    public measure: string
  ) {
    super(`${unit} cannot be converted to ${measure}`)
  }
}

export function isUnit(value: unknown): value is Unit {
  return typeof value === 'string' && Object.hasOwn(UNITS, value)
}

/* Base units (g, ml or 개) per piece, when the ingredient declares it for that dimension. */
function perPiece(ingredient: ConvertibleIngredient, dimension: Dimension): Fraction | undefined {
  const size =
    dimension === 'mass'
      ? ingredient.gramsPerPiece
      : dimension === 'volume'
        ? ingredient.mlPerPiece
        : undefined
  if (size === null || size === undefined || size === '') {
    return undefined
  }
  const fraction = parseDecimal(size)
  return fraction.numerator > 0n ? fraction : undefined
}

/**
 * How many of the ingredient's own measure one `unit` is, exactly
 * (e.g. 큰술 for an ml ingredient: 15; kg for g: 1000; 개 for g with 150 g a
 * piece: 150). Throws IncompatibleUnitError across dimensions without a piece size.
 */
export function unitFactor(unit: string, ingredient: ConvertibleIngredient): Fraction {
  if (!isUnit(unit) || !isUnit(ingredient.measure)) {
    throw new IncompatibleUnitError(unit, ingredient.measure)
  }
  const from = UNITS[unit]
  const to = UNITS[ingredient.measure]
  const ratio = normalize({ numerator: from.base, denominator: to.base })
  if (from.dimension === to.dimension) {
    return ratio
  }
  /* 개 → mass/volume: pieces × size; mass/volume → 개: amount / size. */
  if (from.dimension === 'count') {
    const size = perPiece(ingredient, to.dimension)
    if (size) {
      return multiply(ratio, size)
    }
  } else if (to.dimension === 'count') {
    const size = perPiece(ingredient, from.dimension)
    if (size) {
      return multiply(ratio, { numerator: size.denominator, denominator: size.numerator })
    }
  }
  throw new IncompatibleUnitError(unit, ingredient.measure)
}

/**
 * `quantity` (a non-negative decimal, text or number, or an exact fraction)
 * of `unit`, expressed exactly in the ingredient's own measure.
 */
export function convertQuantity(
  quantity: string | number | Fraction,
  unit: string,
  ingredient: ConvertibleIngredient
): Fraction {
  return multiply(parseDecimal(quantity), unitFactor(unit, ingredient))
}

/** Whether `unit` can express a quantity of this ingredient. */
export function isCompatible(unit: string, ingredient: ConvertibleIngredient): boolean {
  try {
    unitFactor(unit, ingredient)
    return true
  } catch (error) {
    if (error instanceof IncompatibleUnitError) {
      return false
    }
    throw error
  }
}

/** The catalogue measure (g, ml or 개) a unit is counted in. */
export function baseMeasureOf(unit: Unit): Unit {
  return BASE_MEASURE[UNITS[unit].dimension]
}
