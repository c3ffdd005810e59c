import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import Post from '#models/post'
import RecipeCostCalculator from '#services/recipe_cost_calculator'
import { isForeignKeyViolation, rawRows } from '#services/sql'
import RecipeQuery from '#services/recipe_query'
import { MISSING_INGREDIENT_MESSAGE, type PostForm } from '#validators/post'

/* posts.price is a 32-bit integer column on both databases. */
const MAX_PRICE = 2_147_483_647

export interface WrittenRecipe {
  post_id: number
  price: number
  price_per_serving: number
}

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
    const client = db.connection()
    const postId =
      client.dialect.name === 'postgres'
        ? await this.#createInOneStatement(client, memberId, form, cost)
        : await db.transaction(async (trx) => {
            const post = await Post.create(
              {
                memberId,
                title: form.title,
                content: form.content,
                servings: form.servings,
                price: cost.price,
                pricePerServing: cost.pricePerServing,
              },
              { client: trx }
            )
            await this.#insertLines(trx, post.id, form)
            return post.id
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
      await RecipeQuery.findOwned(postId, memberId, 'editPost', trx)
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
      await RecipeQuery.findOwned(postId, memberId, 'deletePost', trx)
      await trx.from('posts').where('id', postId).delete()
    })
  }

  static #cost(form: PostForm) {
    const missing = form.lines.flatMap((line, index) =>
      form.catalogue.has(line.ingredientId) ? [] : [missingIngredient(index)]
    )
    if (missing.length > 0) {
      throw new vineErrors.E_VALIDATION_ERROR(missing)
    }
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

  /*
   * PostgreSQL: the post and its lines in one statement (atomic on its own),
   * so a new recipe costs one round trip instead of four (BEGIN, two
   * INSERTs, COMMIT). The lines travel as three arrays, so the statement
   * text is the same for any number of lines and stays prepared. SQLite
   * cannot write from a WITH clause, and its statements cost no round trip.
   */
  static async #createInOneStatement(
    client: QueryClientContract,
    memberId: number,
    form: PostForm,
    cost: { price: number; pricePerServing: number }
  ) {
    const now = new Date()
    const result = await withLinesChecked(() =>
      client.rawQuery(
        `WITH post AS (
           INSERT INTO posts (member_id, title, content, servings, price, price_per_serving, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
         ), line AS (
           INSERT INTO post_ingredients (post_id, ingredient_id, quantity, position)
           SELECT post.id, l.ingredient_id, l.quantity, l.position
           FROM post, unnest(?::integer[], ?::numeric[], ?::smallint[]) AS l(ingredient_id, quantity, position)
         )
         SELECT id FROM post`,
        [
          memberId,
          form.title,
          form.content,
          form.servings,
          cost.price,
          cost.pricePerServing,
          now,
          now,
          form.lines.map((line) => line.ingredientId),
          form.lines.map((line) => line.quantity),
          form.lines.map((_, position) => position),
        ]
      )
    )
    return Number(rawRows<{ id: number }>(result)[0].id)
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
      throw new vineErrors.E_VALIDATION_ERROR([
        { field: 'ingredients', rule: 'exists', message: MISSING_INGREDIENT_MESSAGE },
      ])
    }
    throw error
  }
}

function missingIngredient(index: number) {
  return { field: `ingredients.${index}.id`, rule: 'exists', message: MISSING_INGREDIENT_MESSAGE }
}
