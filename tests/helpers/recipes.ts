import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Member from '#models/member'
import PostPrice from '#models/post_price'
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

/* A recipe's stored cost (post_prices), as RecipeWriter and RecipeRepricer keep it. */
export async function storedPrice(post: { id: number }) {
  const row = await PostPrice.findOrFail(post.id)
  return { price: row.price, pricePerServing: row.pricePerServing, priceDate: row.priceDate }
}

/* A posts row as a list's set-up writes it, with its stored prices (post_prices). */
export type PostRowWithPrices = Record<string, unknown> & {
  price: number
  price_per_serving: number
}

/*
 * Inserts posts rows directly, 100 per statement, and gives each its stored
 * prices in place of the zero row the posts' trigger added. Returns their
 * ids in the rows' order (one INSERT assigns its rows ascending ids, and
 * tests write one at a time).
 */
export async function insertPostsWithPrices(rows: PostRowWithPrices[]) {
  const ids: number[] = []
  for (let start = 0; start < rows.length; start += 100) {
    const chunk = rows.slice(start, start + 100)
    await db
      .table('posts')
      .multiInsert(chunk.map(({ price: _p, price_per_serving: _s, ...post }) => post))
    /* SQLite's multi-row RETURNING answers one id: read the newest ids back instead. */
    const newest = await db.from('posts').orderBy('id', 'desc').limit(chunk.length).select('id')
    const chunkIds = newest.map((row) => Number(row.id)).reverse()
    await db.from('post_prices').whereIn('post_id', chunkIds).delete()
    await db.table('post_prices').multiInsert(
      chunk.map((row, index) => ({
        post_id: chunkIds[index],
        price: row.price,
        price_per_serving: row.price_per_serving,
      }))
    )
    ids.push(...chunkIds)
  }
  return ids
}
