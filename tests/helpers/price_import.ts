import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import PricesImport from '#commands/prices_import'
import PricesAlias from '#commands/prices_alias'
import Ingredient from '#models/ingredient'
import Member from '#models/member'
import Post from '#models/post'
import RecipeRepricer from '#services/recipes/recipe_repricer'

export const fixture = (path: string) => app.makePath('tests/fixtures', path)

/* Import files of this test process, in a folder of its own that is removed when the run ends. */
let importFiles: string | undefined
function importFilesFolder() {
  if (!importFiles) {
    const folder = mkdtempSync(join(tmpdir(), 'hankki-prices-'))
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }))
    importFiles = folder
  }
  return importFiles
}

export async function writeTmp(name: string, contents: string) {
  /* The name (and so its extension, from which prices:import picks the format) is kept. */
  const path = join(importFilesFolder(), name)
  await writeFile(path, contents)
  return path
}

export async function runPricesImport(...argv: string[]) {
  await ace.boot()
  ace.ui.switchMode('raw')
  const command = await ace.create(PricesImport, argv)
  await command.exec()
  return command
}

export async function runPricesAlias(...argv: string[]) {
  await ace.boot()
  ace.ui.switchMode('raw')
  const command = await ace.create(PricesAlias, argv)
  await command.exec()
  return command
}

/** Everything the command logged, one line per entry. */
export function logsOf(command: { logger: { getLogs(): { message: string }[] } }) {
  return command.logger.getLogs().map((entry) => entry.message)
}

/*
 * A recipe with `lines` (ingredient name → quantity in its measure) for
 * `servings`, its stored price as the calculator makes it from the catalogue.
 */
export async function createRecipe(
  title: string,
  lines: Record<string, string>,
  servings = 2,
  memberName = 'cook'
) {
  const member =
    (await Member.findBy('username', memberName)) ??
    (await Member.create({
      username: memberName,
      usernameKey: memberName,
      email: `${memberName}@example.com`,
      password: 'not-a-real-hash',
    }))
  const post = await Post.create({
    memberId: member.id,
    title,
    content: '만든다',
    servings,
  })
  const ids: number[] = []
  for (const [name, quantity] of Object.entries(lines)) {
    const ingredient = await Ingredient.findByOrFail('name', name)
    await db
      .table('post_ingredients')
      .insert({ post_id: post.id, ingredient_id: ingredient.id, quantity, position: ids.length })
    ids.push(ingredient.id)
  }
  /* Prices the new recipe (and, harmlessly, every other one using these ingredients). */
  await db.transaction((trx) => RecipeRepricer.repriceRecipesUsing(ids, trx))
  await post.refresh()
  return post
}

export async function observationCount() {
  const [row] = await db.from('ingredient_prices').count('* as total')
  return Number(row.total)
}

export async function snapshot() {
  return {
    observations: await db.from('ingredient_prices').select('*').orderBy('id'),
    ingredients: await db
      .from('ingredients')
      .select('id', 'price', 'unit', 'source', db.raw('CAST(price_date AS TEXT) AS price_date'))
      .orderBy('id'),
    aliases: await db.from('price_aliases').select('name', 'ingredient_id').orderBy('name'),
    posts: await db
      .from('post_prices')
      .select('post_id', 'price', 'price_per_serving')
      .orderBy('post_id'),
  }
}
