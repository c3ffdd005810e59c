import { test } from '@japa/runner'
import RecipeCostCalculator, {
  add,
  canonicalQuantity,
  type Fraction,
  multiply,
  parseDecimal,
  PreparedRecipe,
  QUANTITY_SCALE,
  roundHalfUp,
} from '#services/recipes/recipe_cost_calculator'

/* 14,560 KRW buys 500 g (a catalogue row of the seed data's shape). */
const PORK = { price: 14560, unit: 500 }
/* 3,000 KRW buys 10 개. */
const EGGS = { price: 3000, unit: 10 }

test.group('RecipeCostCalculator', () => {
  test('line cost is price × quantity / unit', ({ assert }) => {
    const cost = RecipeCostCalculator.calculate([{ ...PORK, quantity: 300 }], 1)
    assert.deepEqual(cost, {
      price: 8736,
      pricePerServing: 8736,
      lines: [{ quantity: '300', cost: 8736 }],
    })
  })

  test('price sums exact line costs and rounds once; per serving rounds price / servings', ({
    assert,
  }) => {
    const cost = RecipeCostCalculator.calculate(
      [
        { ...PORK, quantity: '300' },
        { ...EGGS, quantity: '3' },
      ],
      4
    )
    assert.equal(cost.price, 8736 + 900)
    assert.equal(cost.pricePerServing, Math.round(9636 / 4))
    assert.deepEqual(
      cost.lines.map((line) => line.cost),
      [8736, 900]
    )
  })

  test('numeric-string and number quantities give the same answer', ({ assert }) => {
    const fromString = RecipeCostCalculator.calculate([{ ...PORK, quantity: '12.5' }], 2)
    const fromNumber = RecipeCostCalculator.calculate([{ ...PORK, quantity: 12.5 }], 2)
    assert.deepEqual(fromString, fromNumber)
    /* 14560 × 12.5 / 500 = 364 */
    assert.equal(fromString.price, 364)
    assert.equal(fromString.pricePerServing, 182)
  })

  test('0.1 + 0.2 is exactly 0.3 (no floating point drift)', ({ assert }) => {
    /* 1 KRW per 1 g × 0.1 g and 0.2 g: 0.3 KRW in total, rounds to 0. */
    const small = RecipeCostCalculator.calculate(
      [
        { price: 1, unit: 1, quantity: '0.1' },
        { price: 1, unit: 1, quantity: 0.2 },
      ],
      1
    )
    assert.equal(small.price, 0)

    /* 5 KRW per g: 0.1 g + 0.2 g = 1.5 KRW exactly, which rounds half up to 2. */
    const half = RecipeCostCalculator.calculate(
      [
        { price: 5, unit: 1, quantity: 0.1 },
        { price: 5, unit: 1, quantity: 0.2 },
      ],
      1
    )
    assert.equal(half.price, 2)

    /* 1.005 × 1000 = 1004.9999999999999 in doubles; exactly 1005 here. */
    const drift = RecipeCostCalculator.calculate([{ price: 1000, unit: 1, quantity: '1.005' }], 1)
    assert.equal(drift.price, 1005)
  })

  test('rounds half up: price and per serving', ({ assert }) => {
    /* 0.5 KRW → 1; 2.5 KRW → 3; 2.4999 → 2 */
    assert.equal(RecipeCostCalculator.calculate([{ price: 1, unit: 2, quantity: 1 }], 1).price, 1)
    assert.equal(RecipeCostCalculator.calculate([{ price: 5, unit: 2, quantity: 1 }], 1).price, 3)
    assert.equal(
      RecipeCostCalculator.calculate([{ price: 1, unit: 1, quantity: '2.4999' }], 1).price,
      2
    )
    /* price 5 for 2 servings → 2.5 → 3 */
    assert.equal(
      RecipeCostCalculator.calculate([{ price: 5, unit: 1, quantity: 1 }], 2).pricePerServing,
      3
    )
  })

  test('line costs are display-rounded but the price uses the exact sum', ({ assert }) => {
    /* Three lines of 0.4 KRW each: lines show 0, the price is round(1.2) = 1. */
    const cost = RecipeCostCalculator.calculate(
      [
        { price: 2, unit: 5, quantity: 1 },
        { price: 2, unit: 5, quantity: 1 },
        { price: 2, unit: 5, quantity: 1 },
      ],
      1
    )
    assert.deepEqual(
      cost.lines.map((line) => line.cost),
      [0, 0, 0]
    )
    assert.equal(cost.price, 1)
  })

  test('scales quantities, costs and price to another number of servings', ({ assert }) => {
    const base = RecipeCostCalculator.calculate([{ ...PORK, quantity: '300' }], 2)
    assert.equal(base.price, 8736)
    assert.equal(base.pricePerServing, 4368)

    const forFive = RecipeCostCalculator.calculate([{ ...PORK, quantity: '300' }], 2, 5)
    assert.deepEqual(forFive.lines, [{ quantity: '750', cost: 21840 }])
    assert.equal(forFive.price, 21840)
    assert.equal(forFive.pricePerServing, 4368)

    /* 100 g for 3 servings, asked for 1: 33.3333 g (4 places), cost from the exact third. */
    const third = RecipeCostCalculator.calculate([{ price: 3, unit: 1, quantity: 100 }], 3, 1)
    assert.deepEqual(third.lines, [{ quantity: '33.3333', cost: 100 }])
    assert.equal(third.price, 100)
  })

  test('a recipe without lines costs 0', ({ assert }) => {
    assert.deepEqual(RecipeCostCalculator.calculate([], 3), {
      price: 0,
      pricePerServing: 0,
      lines: [],
    })
  })

  test('large amounts stay exact', ({ assert }) => {
    const cost = RecipeCostCalculator.calculate(
      [{ price: 2_000_000_000, unit: 1, quantity: '1000000' }],
      1
    )
    assert.equal(cost.price, 2_000_000_000_000_000)
  })
})

test.group('Decimal helpers', () => {
  test('canonicalQuantity strips trailing zeros and keeps at most 4 places', ({ assert }) => {
    assert.equal(QUANTITY_SCALE, 4)
    assert.equal(canonicalQuantity('300.0000'), '300')
    assert.equal(canonicalQuantity('0.2500'), '0.25')
    assert.equal(canonicalQuantity(' 12 '), '12')
    assert.equal(canonicalQuantity(0.1), '0.1')
    assert.equal(canonicalQuantity(1e-4), '0.0001')
    assert.equal(canonicalQuantity('007.50'), '7.5')
  })

  test('parseDecimal is exact and rejects what is not a non-negative decimal', ({ assert }) => {
    assert.deepEqual(parseDecimal('0.3'), { numerator: 3n, denominator: 10n })
    assert.deepEqual(parseDecimal(0.25), { numerator: 1n, denominator: 4n })
    for (const bad of ['', '-1', '1e3', 'abc', '1.', '.5', '1,000']) {
      assert.throws(() => parseDecimal(bad), /Not a non-negative decimal/)
    }
    assert.throws(() => parseDecimal(Number.NaN), /Not a finite number/)
  })
})

test.group('PreparedRecipe', () => {
  /* The rule spelled out on BigInt fractions only: what every path must answer. */
  function reference(quantities: Fraction[], prices: number[], units: number[]) {
    let total: Fraction = { numerator: 0n, denominator: 1n }
    quantities.forEach((quantity, line) => {
      total = add(
        total,
        multiply(quantity, { numerator: BigInt(prices[line]), denominator: BigInt(units[line]) })
      )
    })
    return roundHalfUp(total)
  }

  /* A small deterministic generator, so a failure names a reproducible case. */
  function generator(seed: number) {
    let state = seed
    return (below: number) => {
      state = (state * 1103515245 + 12345) % 2147483648
      return state % below
    }
  }

  test('prices exactly like BigInt fractions, on the safe-integer path and past it', ({
    assert,
  }) => {
    const next = generator(7)
    for (let round = 0; round < 3000; round++) {
      const lines = 1 + next(8)
      /* Decimal quantities with up to 4 places, thirds (1/3 큰술), and huge ones that overflow 2^53. */
      const quantities = Array.from({ length: lines }, () => {
        const kind = next(10)
        if (kind === 0) {
          return { numerator: BigInt(1 + next(50)), denominator: 3n }
        }
        if (kind === 1) {
          return `${next(9_000_000)}${next(10)}${next(10)}${next(10)}.${next(10000)}`
        }
        return `${next(2000)}.${String(next(10000)).padStart(4, '0')}`
      })
      const servings = 1 + next(12)
      const forServings = 1 + next(100)
      const prices = quantities.map(() =>
        next(5) === 0 ? 0 : next(round % 2 ? 10_000_000 : 60_000)
      )
      const units = quantities.map(() => [1, 3, 7, 10, 100, 500, 1000, 12_000][next(8)])
      const recipe = new PreparedRecipe(quantities, servings, forServings)
      const expected = reference([...recipe.quantities], prices, units)
      assert.equal(recipe.price(prices, units), expected, `round ${round}`)
      /* Priced again, as a cost history does: new prices with the same units, then new units. */
      const later = prices.map((price) => (price === 0 ? 0 : price + next(1000)))
      const again = reference([...recipe.quantities], later, units)
      assert.equal(recipe.price(later, units), again, `round ${round}, same units`)
      const otherUnits = units.map((unit) => (next(3) === 0 ? unit * 3 : unit))
      const moved = reference([...recipe.quantities], later, otherUnits)
      assert.equal(recipe.price(later, otherUnits), moved, `round ${round}, new units`)
    }
  })

  test('quantities parsed on numbers and on BigInts agree (text, numbers, long and odd forms)', ({
    assert,
  }) => {
    const next = generator(11)
    const forms = [
      () => `${next(2000)}.${String(next(10000)).padStart(4, '0')}`,
      () => `${next(100)}.${next(10)}000`,
      () => ` ${next(100)}.5 `,
      () => next(5000) + next(10000) / 10000,
      () => next(1_000_000),
      () => `${next(9_000_000)}${next(9_000_000)}${next(10)}.${next(10)}`,
      () => `${next(9_000_000)}${next(9_000_000)}${next(9_000_000)}`,
      () => '0',
      () => '0.0001',
    ]
    for (let round = 0; round < 2000; round++) {
      const quantities = Array.from({ length: 1 + next(6) }, () => forms[next(forms.length)]())
      const servings = 1 + next(100)
      const forServings = 1 + next(100)
      const recipe = new PreparedRecipe(quantities, servings, forServings)
      const scale = { numerator: BigInt(forServings), denominator: BigInt(servings) }
      const exact = quantities.map((quantity) => multiply(parseDecimal(quantity), scale))
      assert.deepEqual([...recipe.quantities], exact, `round ${round}`)
      const prices = quantities.map(() => next(60_000))
      const units = quantities.map(() => [1, 3, 7, 100, 1000][next(5)])
      assert.equal(recipe.price(prices, units), reference(exact, prices, units), `round ${round}`)
    }
  })

  test('a tie rounds up on either path: 1/6 + 1/3 of a won is half a won', ({ assert }) => {
    const recipe = new PreparedRecipe(
      [
        { numerator: 1n, denominator: 6n },
        { numerator: 1n, denominator: 3n },
      ],
      1
    )
    assert.equal(recipe.price([1, 1], [1, 1]), 1)
    assert.equal(
      recipe.price([2 ** 52, 0], [3, 1]),
      roundHalfUp({ numerator: 2n ** 52n, denominator: 18n })
    )
  })
})
