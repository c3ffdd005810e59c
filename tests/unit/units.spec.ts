import { test } from '@japa/runner'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import { convertQuantity, IncompatibleUnitError, isCompatible, unitFactor } from '#services/units'

const fraction = (numerator: bigint, denominator = 1n) => ({ numerator, denominator })

const SOY_SAUCE = { measure: 'ml' }
const PORK = { measure: 'g' }
const POTATO_BY_WEIGHT = { measure: 'g', gramsPerPiece: '150' }
const POTATO_BY_PIECE = { measure: '개', gramsPerPiece: '150.5' }

test.group('units', () => {
  test('1/3 큰술 of an ml ingredient is 5 ml exactly', ({ assert }) => {
    const third = convertQuantity(fraction(1n, 3n), '큰술', SOY_SAUCE)
    assert.deepEqual(third, fraction(5n))
    /* As a decimal it cannot be exact: 0.3333 큰술 is 4.9995 ml. */
    assert.deepEqual(convertQuantity('0.3333', '큰술', SOY_SAUCE), fraction(9999n, 2000n))
  })

  test('0.25 kg is 250 g; 1.5 L is 1500 ml; 2 작은술 and 1 컵', ({ assert }) => {
    assert.deepEqual(convertQuantity('0.25', 'kg', PORK), fraction(250n))
    assert.deepEqual(convertQuantity(0.25, 'kg', PORK), fraction(250n))
    assert.deepEqual(convertQuantity('1.5', 'L', SOY_SAUCE), fraction(1500n))
    assert.deepEqual(convertQuantity('2', '작은술', SOY_SAUCE), fraction(10n))
    assert.deepEqual(convertQuantity('1', '컵', SOY_SAUCE), fraction(200n))
    assert.deepEqual(convertQuantity('300', 'g', PORK), fraction(300n))
    assert.deepEqual(convertQuantity('0.001', 'kg', PORK), fraction(1n))
  })

  test('개 ↔ g both ways with grams_per_piece', ({ assert }) => {
    assert.deepEqual(convertQuantity('2', '개', POTATO_BY_WEIGHT), fraction(300n))
    assert.deepEqual(
      convertQuantity('450', 'g', { measure: '개', gramsPerPiece: 150 }),
      fraction(3n)
    )
    /* 0.301 kg of 150.5 g pieces is exactly 2 pieces. */
    assert.deepEqual(convertQuantity('0.301', 'kg', POTATO_BY_PIECE), fraction(2n))
    assert.deepEqual(convertQuantity('100', 'g', POTATO_BY_PIECE), fraction(200n, 301n))
    assert.deepEqual(unitFactor('개', { measure: 'ml', mlPerPiece: '200' }), fraction(200n))
  })

  test('큰술 of a g ingredient without a density is incompatible, and so are unknown units', ({
    assert,
  }) => {
    assert.throws(() => convertQuantity('1', '큰술', PORK), IncompatibleUnitError)
    assert.isFalse(isCompatible('큰술', PORK))
    /* A piece size links 개 with mass only, not with volume. */
    assert.isFalse(isCompatible('큰술', POTATO_BY_WEIGHT))
    assert.isFalse(isCompatible('개', PORK))
    assert.isFalse(isCompatible('g', { measure: '개' }))
    assert.isFalse(isCompatible('g', { measure: '개', gramsPerPiece: '0' }))
    assert.isFalse(isCompatible('lb', PORK))
    assert.isFalse(isCompatible('toString', PORK))
    assert.isTrue(isCompatible('kg', PORK))
    const error = (() => {
      try {
        convertQuantity('1', '컵', PORK)
      } catch (caught) {
        return caught as IncompatibleUnitError
      }
    })()
    assert.include(error, { unit: '컵', measure: 'g' })
  })

  test('the calculator costs a converted quantity exactly and rounds once at the total', ({
    assert,
  }) => {
    /* 1/3 큰술 (5 ml) of 900 ml for 4,500 KRW → 25 KRW; 0.25 kg of 500 g for 14,560 → 7,280. */
    const cost = RecipeCostCalculator.calculate(
      [
        { price: 4500, unit: 900, quantity: convertQuantity(fraction(1n, 3n), '큰술', SOY_SAUCE) },
        { price: 14560, unit: 500, quantity: convertQuantity('0.25', 'kg', PORK) },
      ],
      1
    )
    assert.deepEqual(cost, {
      price: 7305,
      pricePerServing: 7305,
      lines: [
        { quantity: '5', cost: 25 },
        { quantity: '250', cost: 7280 },
      ],
    })
  })
})
