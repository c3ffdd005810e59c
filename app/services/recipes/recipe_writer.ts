import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import Post from '#models/post'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import { affectedRows, isForeignKeyViolation } from '#services/sql'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import { findOwned } from '#services/recipes/owned_recipe'
import ApiException from '#exceptions/api_exception'
import { POST_NOT_FOUND } from '#contract/messages'
import { missingIngredientIssue, type PostForm } from '#validators/post'

/* posts.price is a 32-bit integer column on both databases. */
const MAX_PRICE = 2_147_483_647

export interface WrittenRecipe {
  post_id: number
  price: number
  price_per_serving: number
}

/* A new recipe's row; its id comes back (RETURNING). */
const NEW_POST = `INSERT INTO posts (member_id, title, content, servings, price, price_per_serving, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
const newPostValues = () => [
  param('memberId'),
  param('title'),
  param('content'),
  param('servings'),
  param('price'),
  param('pricePerServing'),
  param('now'),
  param('now'),
]

/*
 * PostgreSQL: the post and its lines in one statement (atomic on its own),
 * so a new recipe costs one round trip instead of four (BEGIN, two INSERTs,
 * COMMIT). The lines travel as three arrays, so the statement text is the
 * same for any number of lines and stays prepared.
 */
const CREATE_IN_ONE_STATEMENT = () =>
  CompiledQuery.of('posts.create.pg', () =>
    db.rawQuery(
      `WITH post AS (${NEW_POST}), line AS (
           INSERT INTO post_ingredients (post_id, ingredient_id, quantity, position)
           SELECT post.id, l.ingredient_id, l.quantity, l.position
           FROM post, unnest(?::integer[], ?::numeric[], ?::smallint[]) AS l(ingredient_id, quantity, position)
         )
         SELECT id FROM post`,
      [...newPostValues(), param('ingredientIds'), param('quantities'), param('positions')]
    )
  )

/*
 * SQLite cannot write from a WITH clause: the post, then its lines, in one
 * transaction. The lines travel as one JSON
 * array of [ingredient id, quantity] pairs, so here too the statement text is
 * the same for any number of lines; a line's position is its index.
 */
const CREATE_POST = () =>
  CompiledQuery.of('posts.create.post', () => db.rawQuery(NEW_POST, newPostValues()))
const CREATE_LINES = () =>
  CompiledQuery.of('posts.create.lines', () =>
    db.rawQuery(
      `INSERT INTO post_ingredients (post_id, ingredient_id, quantity, position)
         SELECT ?, json_extract(line.value, '$[0]'), json_extract(line.value, '$[1]'), line.key
         FROM json_each(?) AS line`,
      [param('postId'), param('lines')]
    )
  )

/*
 * Write side of recipes. The price is always computed here
 * (RecipeCostCalculator), from the catalogue prices read while the form was
 * validated (one query per request); the post row and its ingredient lines
 * are written atomically (in one transaction, or in one statement on
 * PostgreSQL). Like and comment counters are left to the database triggers.
 */
export default class RecipeWriter {
  static async create(memberId: number, form: PostForm): Promise<WrittenRecipe> {
    const cost = this.#cost(form)
    const now = new Date()
    const values = {
      memberId,
      title: form.title,
      content: form.content,
      servings: form.servings,
      price: cost.price,
      pricePerServing: cost.pricePerServing,
      now,
    }
    const postId = await withLinesChecked(async () => {
      if (db.connection().dialect.name === 'postgres') {
        const [post] = await CREATE_IN_ONE_STATEMENT().run<{ id: number | string }>({
          ...values,
          ingredientIds: form.lines.map((line) => line.ingredientId),
          quantities: form.lines.map((line) => line.quantity),
          positions: form.lines.map((_, position) => position),
        })
        return Number(post.id)
      }
      const lines = JSON.stringify(form.lines.map((line) => [line.ingredientId, line.quantity]))
      return db.transaction(async (trx) => {
        const [post] = await CREATE_POST().run<{ id: number }>(values, trx)
        await CREATE_LINES().run({ postId: post.id, lines }, trx)
        return Number(post.id)
      })
    })
    return { post_id: postId, price: cost.price, price_per_serving: cost.pricePerServing }
  }

  /** Replaces the recipe and all its lines; 404 / 403 "수정 권한이 없음" checked inside the transaction. */
  static async update(memberId: number, postId: number, form: PostForm): Promise<WrittenRecipe> {
    return db.transaction(async (trx) => {
      if (trx.dialect.name === 'postgres') {
        /* Serialises concurrent edits of one recipe. */
        await trx.from('posts').where('id', postId).forUpdate().select('id')
      }
      await findOwned(postId, memberId, 'edit', trx)
      const cost = this.#cost(form)
      const post = await Post.findOrFail(postId, { client: trx })
      post.merge({
        title: form.title,
        content: form.content,
        servings: form.servings,
        price: cost.price,
        pricePerServing: cost.pricePerServing,
      })
      /* modify_date changes even when nothing else does: the author saved the form. */
      post.updatedAt = DateTime.local()
      await post.save()
      await trx.from('post_ingredients').where('post_id', postId).delete()
      await this.#insertLines(trx, postId, form)
      return { post_id: postId, price: cost.price, price_per_serving: cost.pricePerServing }
    })
  }

  /** Deletes a recipe; its lines, comments and likes go with it (ON DELETE CASCADE). */
  static async delete(memberId: number, postId: number) {
    await db.transaction(async (trx) => {
      await findOwned(postId, memberId, 'delete', trx)
      /*
       * A concurrent delete of the same recipe may commit between the read and
       * this statement (PostgreSQL then waits on the row and deletes nothing):
       * only the caller whose DELETE removed the row is told 200.
       */
      const deleted = await trx.from('posts').where('id', postId).delete()
      if (affectedRows(deleted) === 0) {
        throw ApiException.notFound(POST_NOT_FOUND)
      }
    })
  }

  /* Every line's ingredient is in form.catalogue: validatePostForm checked it. */
  static #cost(form: PostForm) {
    const cost = RecipeCostCalculator.calculate(
      form.lines.map((line) => ({
        ...form.catalogue.get(line.ingredientId)!,
        quantity: line.quantity,
      })),
      form.servings
    )
    if (cost.price > MAX_PRICE) {
      throw new vineErrors.E_VALIDATION_ERROR([
        {
          field: 'ingredients',
          rule: 'maxPrice',
          message: `레시피 가격은 ${MAX_PRICE.toLocaleString('en-US')}원 이하여야 함`,
        },
      ])
    }
    return cost
  }

  static async #insertLines(trx: TransactionClientContract, postId: number, form: PostForm) {
    if (form.lines.length === 0) {
      return
    }
    await withLinesChecked(() =>
      trx.table('post_ingredients').multiInsert(
        form.lines.map((line, position) => ({
          post_id: postId,
          ingredient_id: line.ingredientId,
          quantity: line.quantity,
          position,
        }))
      )
    )
  }
}

/*
 * The catalogue only grows through the app, but a row removed by hand since
 * the form was validated must still be a 422 that writes nothing (the
 * statement or the transaction fails as a whole).
 */
async function withLinesChecked<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new vineErrors.E_VALIDATION_ERROR([missingIngredientIssue()])
    }
    throw error
  }
}
