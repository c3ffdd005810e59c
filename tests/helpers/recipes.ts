import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Member from '#models/member'
import RecipeWriter from '#services/recipes/recipe_writer'
import IngredientCatalogue from '#services/recipes/ingredient_catalogue'
import CommentService from '#services/comment_service'
import { seedCatalogue } from '#tests/helpers/catalogue'

let memberSequence = 0

/* A member row without going through sign-up (tests of recipes, not of auth). */
export async function makeMember(username?: string) {
  const name = username ?? `cook${process.pid}_${++memberSequence}`
  return Member.create({
    username: name,
    usernameKey: Member.usernameKeyOf(name),
    email: `${Member.usernameKeyOf(name)}@example.com`,
    password: 'not-a-real-hash',
  })
}

/* The seed catalogue, and its ids by name (ids differ between runs on PostgreSQL). */
export async function catalogue(): Promise<Record<string, number>> {
  const existing = await db.from('ingredients').count('* as total').first()
  if (Number(existing?.total ?? 0) === 0) {
    await seedCatalogue()
  }
  const rows = await db.from('ingredients').select('id', 'name')
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.id)]))
}

export interface RecipeSpec {
  title?: string
  content?: string
  servings?: number
  /* [ingredient name, quantity] */
  lines?: [string, string][]
}

/* A recipe written through the same service as POST /posts/forms. */
export async function makeRecipe(author: Member, spec: RecipeSpec = {}) {
  const ids = spec.lines?.length ? await catalogue() : {}
  const lines = (spec.lines ?? []).map(([name, quantity]) => ({
    ingredientId: ids[name],
    quantity,
  }))
  const written = await RecipeWriter.create(author.id, {
    title: spec.title ?? '김치찌개',
    content: spec.content ?? '끓인다',
    servings: spec.servings ?? 1,
    lines,
    /* As validatePostForm reads it. */
    catalogue: await IngredientCatalogue.priced(lines.map((line) => line.ingredientId)),
  })
  return written.post_id
}

/*
 * The SQL statements run by `action` (Lucid's `db:query` event, switched on for
 * the default connection while it runs). Use outside a global transaction: a
 * transaction client keeps the debug flag it was created with.
 */
export async function recordQueries(action: () => Promise<unknown>) {
  const config = db.manager.get(db.primaryConnectionName)!.config
  const debug = config.debug
  const queries: string[] = []
  const listener = (query: { sql: string }) => {
    queries.push(query.sql)
  }
  config.debug = true
  emitter.on('db:query', listener)
  try {
    await action()
  } finally {
    emitter.off('db:query', listener)
    config.debug = debug
  }
  return queries
}

/* A recipe by `author` with one comment by `commenter` (two new members). */
export async function recipeWithComment(content = '댓글') {
  const author = await makeMember()
  const commenter = await makeMember()
  const postId = await makeRecipe(author)
  const commentId = await CommentService.create(commenter.id, postId, content)
  return { author, commenter, postId, commentId }
}
