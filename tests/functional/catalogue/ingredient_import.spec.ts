import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import IngredientSeeder from '#database/seeders/ingredient_seeder'
import Ingredient from '#models/ingredient'
import { catalogueGroup, createRecipe, runImport } from '#tests/functional/catalogue/fixtures'
import { storedPrice } from '#tests/helpers/recipes'

test.group('ingredients:import', (group) => {
  const files = catalogueGroup(group)

  test('the seeder loads the 25 catalogue rows', async ({ assert }) => {
    const rows = await Ingredient.query().orderBy('id')
    assert.lengthOf(rows, 25)
    // ids follow the file's order (PostgreSQL sequences are not rolled back between tests)
    assert.deepEqual(
      rows.map((row) => row.id - rows[0].id),
      [...Array(25).keys()]
    )
    assert.deepInclude(rows[0].serialize(), {
      name: '삼겹살',
      measure: 'g',
      price: 14560,
      unit: 500,
    })
    assert.deepInclude(rows[9].serialize(), { name: '감자', measure: '개', price: 14320, unit: 50 })
  })

  test('the seed file has LF line ends only', async ({ assert }) => {
    const csv = await readFile(IngredientSeeder.dataFile, 'utf8')
    assert.notInclude(csv, '\r')
  })

  test('a good file upserts by name and reprices the recipes that use a changed ingredient', async ({
    assert,
  }) => {
    const post = await createRecipe()
    const file = await files.write(
      'good',
      'id,name,measure,price,unit\n1,삼겹살,g,15000,500\n7,대파,g,3180,850\n,버섯,g,2000,200\n'
    )

    const command = await runImport(file)

    command.assertSucceeded()
    command.assertLogMatches(/1 created, 1 updated, 1 unchanged; 1 recipe\(s\) repriced/)
    const pork = await Ingredient.findByOrFail('name', '삼겹살')
    assert.equal(pork.price, 15000)
    assert.equal(
      await Ingredient.query()
        .where('name', '버섯')
        .count('* as total')
        .firstOrFail()
        .then((r) => Number(r.$extras.total)),
      1
    )
    // 15000 × 300 / 500 = 9000, plus 3180 × 200 / 850 = 748.235… → 9748; per serving 4874
    const stored = await storedPrice(post)
    assert.equal(stored.price, 9748)
    assert.equal(stored.pricePerServing, 4874)
  })

  const badFiles = {
    'missing column': [
      'name,measure,price\n삼겹살,g,15000\n',
      [/line 1: missing column\(s\): unit/],
    ],
    'negative price': [
      'name,measure,price,unit\n삼겹살,g,15000,500\n대파,g,-1,850\n',
      [/line 3: price/],
    ],
    'duplicate name': [
      'name,measure,price,unit\n삼겹살,g,15000,500\n삼겹살,g,16000,500\n',
      [/line 3: duplicate name "삼겹살" \(first on line 2\)/],
    ],
    'header only': [
      'id,name,measure,price,unit\n',
      [/line 2: no ingredient rows after the header: nothing to import/],
    ],
    /* 300 g at 100,000,000 KRW per g: past the 32-bit price column of the recipe. */
    'price that would put a recipe above the price column': [
      'name,measure,price,unit\n삼겹살,g,100000000,1\n',
      [
        /was not imported \(nothing changed\)/,
        /새 가격으로는 레시피 1개의 가격이 2,147,483,647원을 넘음: 레시피 \d+ \(30,000,000,748원\)/,
      ],
    ],
    'non-numeric amount': [
      'name,measure,price,unit\n삼겹살,g,15000,500\n대파,g,3180,lots\n마늘,kg,100,1\n',
      [/line 3: unit/, /line 4: measure/],
    ],
  } as const

  for (const [label, [contents, expectedLines]] of Object.entries(badFiles)) {
    test(`a file with a ${label} changes nothing and names the lines`, async ({ assert }) => {
      const post = await createRecipe()
      const before = await Ingredient.query().orderBy('id')
      const file = await files.write(label.replaceAll(' ', '-'), contents)

      const command = await runImport(file)

      command.assertFailed()
      for (const pattern of expectedLines) {
        command.assertLogMatches(pattern)
      }
      const after = await Ingredient.query().orderBy('id')
      assert.deepEqual(
        after.map((row) => row.serialize()),
        before.map((row) => row.serialize())
      )
      assert.include(await storedPrice(post), { price: 9484 })
    })
  }
})
