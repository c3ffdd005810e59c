import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Group } from '@japa/runner/core'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import IngredientsImport from '#commands/ingredients_import'
import Ingredient from '#models/ingredient'
import Member from '#models/member'
import Post from '#models/post'
import { seedCatalogue } from '#tests/helpers/catalogue'

/*
 * CSV files for one test group, in a folder of their own that the group's
 * cleanup removes: a run leaves nothing behind in tmp/ or the OS temp dir.
 */
class CsvFixtures {
  private constructor(private directory: string) {}

  static async create() {
    return new CsvFixtures(await mkdtemp(join(tmpdir(), 'hankki-catalogue-')))
  }

  async write(name: string, contents: string) {
    const path = join(this.directory, `${name}.csv`)
    await writeFile(path, contents)
    return path
  }

  remove() {
    return rm(this.directory, { recursive: true, force: true })
  }
}

/*
 * Each test of `group` runs in a rolled-back transaction on the seeded
 * catalogue; the returned `write(name, contents)` makes a CSV file for it.
 */
export function catalogueGroup(group: Group) {
  let files: CsvFixtures
  group.setup(async () => {
    files = await CsvFixtures.create()
    return () => files.remove()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedCatalogue())
  return { write: (name: string, contents: string) => files.write(name, contents) }
}

/* Runs `ingredients:import <file>` in process, its log kept for assertions. */
export async function runImport(file: string) {
  await ace.boot()
  ace.ui.switchMode('raw')
  const command = await ace.create(IngredientsImport, [file])
  await command.exec()
  return command
}

/* A recipe with 300 g of 삼겹살 (14560 KRW / 500 g) and 200 g of 대파 (3180 KRW / 850 g), 2 servings. */
export async function createRecipe() {
  const member = await Member.create({
    username: 'cook',
    usernameKey: 'cook',
    email: 'cook@example.com',
    password: 'not-a-real-hash',
  })
  const post = await Post.create({
    memberId: member.id,
    title: '삼겹살 구이',
    content: '굽는다',
    servings: 2,
  })
  await db
    .from('post_prices')
    .where('post_id', post.id)
    .update({ price: 9484, price_per_serving: 4742 })
  const pork = await Ingredient.findByOrFail('name', '삼겹살')
  const leek = await Ingredient.findByOrFail('name', '대파')
  await db.table('post_ingredients').multiInsert([
    { post_id: post.id, ingredient_id: pork.id, quantity: '300', position: 0 },
    { post_id: post.id, ingredient_id: leek.id, quantity: '200', position: 1 },
  ])
  return post
}
