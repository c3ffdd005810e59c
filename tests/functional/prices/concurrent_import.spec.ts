import { spawn } from 'node:child_process'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { todayUtc } from '#tests/helpers/prices'
import { writeTmp } from '#tests/helpers/price_import'
import Member from '#models/member'
import RecipeCostCalculator, { type CostLineInput } from '#services/recipes/recipe_cost_calculator'
import RecipeRepricer from '#services/recipes/recipe_repricer'

const RECIPES = 3000
const INGREDIENTS = 12

/* Runs `node ace prices:import <file>` in its own process; resolves with its exit code and output. */
function importInProcess(file: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['ace.js', 'prices:import', file], {
      cwd: app.makePath(),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) => resolve({ code, output }))
  })
}

/* Every recipe over the first INGREDIENTS catalogue items, 2 to 4 lines each, committed. */
async function createRecipes() {
  const member = await Member.create({
    username: 'bulk',
    usernameKey: 'bulk',
    email: 'bulk@example.com',
    password: 'not-a-real-hash',
  })
  const ingredients = await db.from('ingredients').orderBy('id').limit(INGREDIENTS).select('id')
  const ids = ingredients.map((row) => Number(row.id))
  const now = new Date()
  for (let start = 0; start < RECIPES; start += 250) {
    const count = Math.min(250, RECIPES - start)
    const posts = Array.from({ length: count }, (_, offset) => ({
      member_id: member.id,
      title: `레시피 ${start + offset}`,
      content: '만든다',
      servings: 1 + ((start + offset) % 4),
      created_at: now,
      updated_at: now,
    }))
    await db.table('posts').multiInsert(posts)
  }
  const postRows = await db.from('posts').orderBy('id').select('id')
  const postIds = postRows.map((row) => Number(row.id))
  const lines = postIds.flatMap((postId, index) =>
    Array.from({ length: 2 + (index % 3) }, (_, position) => ({
      post_id: postId,
      ingredient_id: ids[(index * 5 + position * 7) % ids.length],
      quantity: String(10 + ((index * 13 + position * 31) % 400)) + '.25',
      position,
    }))
  )
  /* No ingredient twice in a recipe. */
  const unique = lines.filter(
    (line, index) =>
      lines.findIndex(
        (other) => other.post_id === line.post_id && other.ingredient_id === line.ingredient_id
      ) === index
  )
  for (let start = 0; start < unique.length; start += 500) {
    await db.table('post_ingredients').multiInsert(unique.slice(start, start + 500))
  }
  await db.transaction((trx) => RecipeRepricer.repriceRecipesUsing(ids, trx))
  return ids
}

/* Each recipe's stored price against the calculator on the ingredients' current prices. */
async function mispricedRecipes() {
  const lines = await db
    .from('post_ingredients as pi')
    .join('posts as p', 'p.id', 'pi.post_id')
    .join('post_prices as pp', 'pp.post_id', 'p.id')
    .join('ingredients as i', 'i.id', 'pi.ingredient_id')
    .select(
      'p.id',
      'p.servings',
      'pp.price',
      'pi.quantity',
      'i.price as ingredient_price',
      'i.unit'
    )
    .orderBy('p.id')
  const recipes = new Map<number, { servings: number; price: number; lines: CostLineInput[] }>()
  for (const line of lines) {
    const recipe = recipes.get(line.id) ?? {
      servings: Number(line.servings),
      price: Number(line.price),
      lines: [] as CostLineInput[],
    }
    recipe.lines.push({ quantity: line.quantity, price: line.ingredient_price, unit: line.unit })
    recipes.set(line.id, recipe)
  }
  return [...recipes].filter(
    ([, recipe]) =>
      RecipeCostCalculator.calculate(recipe.lines, recipe.servings).price !== recipe.price
  )
}

test.group('prices:import from two processes at once', (group) => {
  group.each.setup(withRealCommits)
  group.each.timeout(180_000)

  test('overlapping files never leave a recipe priced from a mix of both', async ({ assert }) => {
    await seedCatalogue()
    const ids = await createRecipes()
    const catalogue = await db.from('ingredients').whereIn('id', ids).orderBy('id').select('name')
    const names = catalogue.map((row) => row.name as string)
    const today = todayUtc()

    for (const round of [1, 2, 3, 4]) {
      /*
       * Odd rounds: A covers the first 9 ingredients, B the last 9 (6 in common).
       * Even rounds: A the first 6, B the last 6, none in common: only recipes
       * using both connect the two imports.
       */
      const overlap = round % 2 === 1
      const file = (label: string, chosen: string[], base: number) =>
        writeTmp(
          `concurrent-${label}${round}.csv`,
          'name,measure,price,unit,observed_on,source\n' +
            chosen
              .map(
                (name, index) =>
                  `${name},g,${base + index * 17 + round},1000,${today},${label}${round}`
              )
              .join('\n') +
            '\n'
        )
      const [fileA, fileB] = await Promise.all([
        file('A', names.slice(0, overlap ? 9 : 6), 1000),
        file('B', names.slice(overlap ? 3 : 6), 5000),
      ])
      const [a, b] = await Promise.all([importInProcess(fileA), importInProcess(fileB)])
      assert.equal(a.code, 0, a.output)
      assert.equal(b.code, 0, b.output)

      assert.deepEqual(await mispricedRecipes(), [], `round ${round}`)
      if (overlap) {
        /* The shared ingredients all come from the file that committed last, never half of each. */
        const sources = await db
          .from('ingredients')
          .whereIn('name', names.slice(3, 9))
          .distinct('source')
        assert.lengthOf(sources, 1, JSON.stringify(sources))
      }
    }
  })
})
