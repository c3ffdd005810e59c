/* Over 300 lines on purpose: create, update and delete share the pricing, the line inserts and the price-race guard. */
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import RecipeCostCalculator from '#services/recipes/recipe_cost_calculator'
import IngredientCatalogue from '#services/recipes/ingredient_catalogue'
import { ownQuantity } from '#services/recipes/recipe_lines'
import { affectedRows, isForeignKeyViolation } from '#services/sql'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import { findOwned } from '#services/recipes/owned_recipe'
import ApiException from '#exceptions/api_exception'
import { POST_NOT_FOUND } from '#contract/messages'
import { MAX_STORED_PRICE } from '#contract/limits'
import { missingIngredientIssue, type PostForm } from '#validators/post'

export interface WrittenRecipe {
  post_id: number
  price: number
  price_per_serving: number
}

/*
 * A new recipe's row, written only while every line's ingredient still has
 * the price it was costed with (param `expected`, checked in the statement,
 * see RecipeWriter.create); its id comes back (RETURNING), or no row. Its
 * prices go to post_prices (whose row a trigger adds with the post), with
 * `price_date` the newest price date among those ingredients.
 */
const newPostValues = () => [
  param('memberId'),
  param('title'),
  param('content'),
  param('servings'),
  param('now'),
  param('now'),
]
const POST_COLUMNS = 'member_id, title, content, servings, created_at, updated_at'

/*
 * PostgreSQL: the post and its lines in one statement (atomic on its own),
 * so a new recipe costs one round trip instead of four (BEGIN, two INSERTs,
 * COMMIT). The lines travel as arrays, so the statement text is the same for
 * any number of lines and stays prepared. `priced` takes the lines'
 * ingredient rows FOR SHARE: a price import that is updating them commits
 * first (and this statement then sees its prices, so the check fails and the
 * recipe is costed again), or waits for this one (and then reprices it).
 */
const CREATE_IN_ONE_STATEMENT = () =>
  CompiledQuery.of('posts.create.pg', () =>
    db.rawQuery(
      `WITH priced AS (
           SELECT i.id, i.price_date FROM ingredients AS i
             JOIN unnest(?::integer[], ?::integer[], ?::integer[]) AS e(id, price, unit) ON e.id = i.id
            WHERE i.price = e.price AND i.unit = e.unit
              FOR SHARE OF i
         ), post AS (
           INSERT INTO posts (${POST_COLUMNS})
           SELECT ?, ?, ?, ?, ?, ?
            WHERE (SELECT count(*) FROM priced) = ?
           RETURNING id
         ), prices AS (
           INSERT INTO post_prices (post_id, price, price_per_serving, price_date)
           SELECT post.id, ?, ?, (SELECT max(price_date) FROM priced) FROM post
         ), line AS (
           INSERT INTO post_ingredients (post_id, ingredient_id, quantity, measure, position)
           SELECT post.id, l.ingredient_id, l.quantity, l.measure, l.position
           FROM post, unnest(?::integer[], ?::numeric[], ?::varchar[], ?::smallint[])
             AS l(ingredient_id, quantity, measure, position)
         )
         SELECT id FROM post`,
      [
        param('expectedIds'),
        param('expectedPrices'),
        param('expectedUnits'),
        ...newPostValues(),
        param('expectedCount'),
        param('price'),
        param('pricePerServing'),
        param('ingredientIds'),
        param('quantities'),
        param('measures'),
        param('positions'),
      ]
    )
  )

/*
 * SQLite cannot write from a WITH clause: the post, its prices, then its
 * lines, in one transaction. The INSERT is the transaction's first statement, so it holds
 * the one write lock on the latest data while it checks the prices. The
 * expected prices and the lines travel as JSON arrays ([id, price, unit] and
 * [ingredient id, quantity, measure]), so here too the statement text is the
 * same for any number of lines; a line's position is its index.
 */
const CREATE_POST = () =>
  CompiledQuery.of('posts.create.post', () =>
    db.rawQuery(
      `INSERT INTO posts (${POST_COLUMNS})
       SELECT ?, ?, ?, ?, ?, ?
        WHERE (SELECT count(*) FROM ingredients AS i JOIN json_each(?) AS e
                 ON i.id = json_extract(e.value, '$[0]')
                WHERE i.price = json_extract(e.value, '$[1]')
                  AND i.unit = json_extract(e.value, '$[2]')) = ?
       RETURNING id`,
      [...newPostValues(), param('expected'), param('expectedCount')]
    )
  )
/* The new post's prices, on the row its insert added (same transaction, after CREATE_POST). */
const CREATE_PRICES = () =>
  CompiledQuery.of('posts.create.prices', () =>
    db.rawQuery(
      `UPDATE post_prices SET price = ?, price_per_serving = ?, price_date = (
           SELECT max(i.price_date) FROM ingredients AS i
            WHERE i.id IN (SELECT json_extract(e.value, '$[0]') FROM json_each(?) AS e))
        WHERE post_id = ?`,
      [param('price'), param('pricePerServing'), param('expected'), param('postId')]
    )
  )
const CREATE_LINES = () =>
  CompiledQuery.of('posts.create.lines', () =>
    db.rawQuery(
      `INSERT INTO post_ingredients (post_id, ingredient_id, quantity, measure, position)
         SELECT ?, json_extract(line.value, '$[0]'), json_extract(line.value, '$[1]'),
                json_extract(line.value, '$[2]'), line.key
         FROM json_each(?) AS line`,
      [param('postId'), param('lines')]
    )
  )

/* Costing a new recipe again after a price changed under it: at most this many tries. */
const CREATE_TRIES = 5

/* The check of CREATE_* failed: a price changed since the form was costed. */
class PricesMoved extends Error {}

/*
 * Write side of recipes. The price is always computed here
 * (RecipeCostCalculator, each line's quantity converted exactly to its
 * ingredient's measure), from the catalogue prices read while the form was
 * validated (one query per request); the post row and its ingredient lines
 * are written atomically (in one transaction, or in one statement on
 * PostgreSQL), and only with prices still current (a concurrent price import
 * must not leave a recipe costed from the prices it replaced). Lines keep
 * `measure` as entered (NULL: the ingredient's own). Like and comment
 * counters are left to the database triggers.
 */
export default class RecipeWriter {
  static async create(memberId: number, form: PostForm): Promise<WrittenRecipe> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#create(memberId, form)
      } catch (error) {
        if (!(error instanceof PricesMoved) || attempt === CREATE_TRIES) {
          throw error
        }
        /* A price import committed since the form was validated: cost it with the new prices. */
        const ids = form.lines.map((line) => line.ingredientId)
        form = { ...form, catalogue: await IngredientCatalogue.priced(ids) }
      }
    }
  }

  static async #create(memberId: number, form: PostForm): Promise<WrittenRecipe> {
    const cost = this.#cost(form)
    const now = new Date()
    const expected = form.lines.map((line) => {
      const { price, unit } = form.catalogue.get(line.ingredientId)!
      return [line.ingredientId, price, unit] as const
    })
    const values = {
      memberId,
      title: form.title,
      content: form.content,
      servings: form.servings,
      price: cost.price,
      pricePerServing: cost.pricePerServing,
      now,
      expectedCount: expected.length,
    }
    const postId = await withLinesChecked(async () => {
      if (db.connection().dialect.name === 'postgres') {
        const [post] = await CREATE_IN_ONE_STATEMENT().run<{ id: number | string }>({
          ...values,
          expectedIds: expected.map(([id]) => id),
          expectedPrices: expected.map(([, price]) => price),
          expectedUnits: expected.map(([, , unit]) => unit),
          ingredientIds: form.lines.map((line) => line.ingredientId),
          quantities: form.lines.map((line) => line.quantity),
          measures: form.lines.map((line) => line.measure ?? null),
          positions: form.lines.map((_, position) => position),
        })
        if (!post) {
          throw new PricesMoved()
        }
        return Number(post.id)
      }
      const lines = JSON.stringify(
        form.lines.map((line) => [line.ingredientId, line.quantity, line.measure ?? null])
      )
      return db.transaction(async (trx) => {
        const [post] = await CREATE_POST().run<{ id: number }>(
          { ...values, expected: JSON.stringify(expected) },
          trx
        )
        if (!post) {
          throw new PricesMoved()
        }
        await CREATE_PRICES().run(
          { ...values, expected: JSON.stringify(expected), postId: post.id },
          trx
        )
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
      /*
       * The prices again, inside the transaction: on PostgreSQL FOR SHARE, so
       * a price import updating them commits first (and is seen here) or waits
       * for this write (and then reprices it); on SQLite this transaction's
       * writes fail rather than commit over a newer snapshot.
       */
      const catalogue = await IngredientCatalogue.priced(
        form.lines.map((line) => line.ingredientId),
        trx
      )
      form = { ...form, catalogue }
      const cost = this.#cost(form)
      await trx.from('posts').where('id', postId).update({
        title: form.title,
        content: form.content,
        servings: form.servings,
        /* modify_date changes even when nothing else does: the author saved the form. */
        updated_at: new Date(),
      })
      await trx
        .from('post_prices')
        .where('post_id', postId)
        .update({
          price: cost.price,
          price_per_serving: cost.pricePerServing,
          price_date: newestPriceDate(form),
        })
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

  /*
   * Every line's ingredient is in form.catalogue and its measure compatible:
   * validatePostForm checked it (a line removed since fails the write).
   */
  static #cost(form: PostForm) {
    const cost = RecipeCostCalculator.calculate(
      form.lines.map((line) => {
        const ingredient = form.catalogue.get(line.ingredientId)
        if (!ingredient) {
          throw new vineErrors.E_VALIDATION_ERROR([missingIngredientIssue()])
        }
        return {
          price: ingredient.price,
          unit: ingredient.unit,
          quantity: ownQuantity(line.quantity, line.measure, ingredient),
        }
      }),
      form.servings
    )
    if (cost.price > MAX_STORED_PRICE) {
      throw new vineErrors.E_VALIDATION_ERROR([
        {
          field: 'ingredients',
          rule: 'maxPrice',
          message: `레시피 가격은 ${MAX_STORED_PRICE.toLocaleString('en-US')}원 이하여야 함`,
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
          measure: line.measure ?? null,
          position,
        }))
      )
    )
  }
}

/* The newest price date among the lines' ingredients (null without lines). */
function newestPriceDate(form: PostForm): string | null {
  let newest: string | null = null
  for (const line of form.lines) {
    const date = form.catalogue.get(line.ingredientId)?.priceDate ?? null
    if (date !== null && (newest === null || date > newest)) {
      newest = date
    }
  }
  return newest
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
