import { test } from '@japa/runner'
import Ingredient from '#models/ingredient'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { catalogueGroup, createRecipe, runImport } from '#tests/functional/catalogue/fixtures'
import { storedPrice } from '#tests/helpers/recipes'

/*
 * Start scripts and deploy jobs run the catalogue seeder on every start
 * (contract §7, "Seeding never loses data"): it adds what is missing and
 * never touches a stored price.
 */
test.group('catalogue seeder', (group) => {
  const files = catalogueGroup(group)

  test('running it again keeps imported prices and recipe prices, and adds a missing item', async ({
    assert,
  }) => {
    const post = await createRecipe()
    const file = await files.write('new-prices', 'name,measure,price,unit\n삼겹살,g,20000,500\n')
    const command = await runImport(file)
    command.assertSucceeded()
    // 20000 × 300 / 500 = 12000, plus 3180 × 200 / 850 = 748.235… → 12748; per serving 6374
    assert.include(await storedPrice(post), { price: 12748 })
    const potato = await Ingredient.findByOrFail('name', '감자')
    await potato.delete()

    await seedCatalogue()

    const pork = await Ingredient.findByOrFail('name', '삼겹살')
    assert.equal(pork.price, 20000)
    assert.equal(pork.unit, 500)
    const stored = await storedPrice(post)
    assert.equal(stored.price, 12748)
    assert.equal(stored.pricePerServing, 6374)
    const restored = await Ingredient.findByOrFail('name', '감자')
    assert.deepInclude(restored.serialize(), { measure: '개', price: 14320, unit: 50 })
    assert.lengthOf(await Ingredient.all(), 25)
  })

  test('running it on a full catalogue changes no row', async ({ assert }) => {
    const before = await Ingredient.query().orderBy('id')

    await seedCatalogue()

    const after = await Ingredient.query().orderBy('id')
    assert.deepEqual(
      after.map((row) => row.serialize()),
      before.map((row) => row.serialize())
    )
  })
})
