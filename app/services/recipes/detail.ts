import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import { CommittedRead, param } from '#database/engine/compiled_query'
import PriceTimelines, { PRICES_VERSION } from '#services/prices/price_timelines'
import { POST_NOT_FOUND } from '#contract/messages'
import {
  convertibleOf,
  costLines,
  enteredMeasure,
  linesOf,
  ownQuantity,
  type PricedLineRow,
} from '#services/recipes/recipe_lines'
import * as transform from '#transformers/recipe_transformer'

/*
 * The detail's recipe + author + the viewer's like. No LIMIT: the primary key
 * gives one row at most, and a bound LIMIT would make SQLite plan the
 * statement again on every run (it reads the value for its top-N plans).
 * `viewer` false: an anonymous caller, who likes nothing, so no like is
 * looked up (most detail reads are anonymous).
 */
const detailPost = (viewer: boolean) =>
  db
    .from('posts as p')
    .join('members as m', 'm.id', 'p.member_id')
    .where('p.id', param('postId'))
    .select(
      'p.id',
      'p.member_id',
      'p.title',
      'p.content',
      'p.servings',
      'p.like_count',
      'p.created_at',
      'p.updated_at',
      'm.username'
    )
    .select(
      viewer
        ? db.raw(
            'CASE WHEN EXISTS (SELECT 1 FROM post_likes pl WHERE pl.post_id = p.id AND pl.member_id = ?) THEN 1 ELSE 0 END AS liked',
            [param('viewer')]
          )
        : db.raw('0 AS liked')
    )

/* A statement's key: its shape, with or without the viewer's likes and the prices' version. */
const shape = (name: string, viewer: boolean, asOf = false) =>
  `posts.detail.${name}${viewer ? '' : '.anonymous'}${asOf ? '.asOf' : ''}`

/* The detail's three statements on SQLite (recipe + author + the viewer's like; lines; comments). */
const DETAIL_POST = (viewer: boolean) =>
  CommittedRead.of(shape('post', viewer), () => detailPost(viewer))

/* The prices' version beside the rows, for `asOf` (PriceTimelines). */
const pricesVersion = () => db.raw(`${PRICES_VERSION} AS prices_version`)

/* A comment's fields but `liked`, as json_build_object arguments (PostgreSQL). */
const COMMENT_FIELDS = `'id', c.id, 'content', c.content, 'member_id', c.member_id, 'username', cm.username,
            'created_at', floor(extract(epoch FROM c.created_at) * 1000)::bigint,
            'updated_at', floor(extract(epoch FROM c.updated_at) * 1000)::bigint,
            'like_count', c.like_count`

/* The comments as one JSON array (PostgreSQL), with the viewer's likes only for a signed-in viewer. */
const commentsJson = (viewer: boolean) =>
  db.raw(
    `(SELECT coalesce(json_agg(json_build_object(${COMMENT_FIELDS},
            'liked', ${viewer ? 'CASE WHEN cl.member_id IS NULL THEN 0 ELSE 1 END' : '0'})
            ORDER BY c.created_at, c.id), '[]'::json)
          FROM comments AS c JOIN members AS cm ON cm.id = c.member_id
          ${viewer ? 'LEFT JOIN comment_likes AS cl ON cl.comment_id = c.id AND cl.member_id = ?' : ''}
          WHERE c.post_id = p.id) AS comments`,
    viewer ? [param('viewer')] : []
  )

/*
 * On PostgreSQL, the detail in one statement: the lines and the comments as
 * JSON arrays beside the recipe, in the same order and with the same fields
 * as the SQLite statements (one socket write instead of three). Times are
 * epoch milliseconds (what the driver's Dates hold), quantities text (exact
 * decimals). With `asOf`, the prices' version too.
 */
const DETAIL_IN_ONE_STATEMENT = (viewer: boolean, asOf: boolean) =>
  CommittedRead.of(shape('pg', viewer, asOf), () =>
    detailPost(viewer)
      .if(asOf, (query) => query.select(pricesVersion()))
      .select(
        db.raw(`(SELECT coalesce(json_agg(json_build_object(
            'id', i.id, 'name', i.name, 'measure', i.measure, 'quantity', pi.quantity::text,
            'line_measure', pi.measure, 'grams_per_piece', i.grams_per_piece::text,
            'ml_per_piece', i.ml_per_piece::text,
            'price', i.price, 'unit', i.unit) ORDER BY pi.position), '[]'::json)
          FROM post_ingredients AS pi JOIN ingredients AS i ON i.id = pi.ingredient_id
          WHERE pi.post_id = p.id) AS lines`)
      )
      .select(commentsJson(viewer))
  )

const DETAIL_LINES = (asOf: boolean) =>
  CommittedRead.of(`posts.detail.lines${asOf ? '.asOf' : ''}`, () =>
    linesOf(true).if(asOf, (query) => query.select(pricesVersion()))
  )

const DETAIL_COMMENTS = (viewer: boolean) =>
  CommittedRead.of(shape('comments', viewer), () => {
    const query = db
      .from('comments as c')
      .join('members as m', 'm.id', 'c.member_id')
      .where('c.post_id', param('postId'))
      .select(
        'c.id',
        'c.content',
        'c.member_id',
        'c.created_at',
        'c.updated_at',
        'c.like_count',
        'm.username'
      )
      .orderBy('c.created_at', 'asc')
      .orderBy('c.id', 'asc')
    if (!viewer) {
      return query.select(db.raw('0 AS liked'))
    }
    return query
      .leftJoin('comment_likes as cl', (join) => {
        join.on('cl.comment_id', 'c.id').andOnVal('cl.member_id', param('viewer'))
      })
      .select(db.raw('CASE WHEN cl.member_id IS NULL THEN 0 ELSE 1 END AS liked'))
  })

/*
 * GET /posts/{id}: a recipe with its cost, lines and comments. 3 statements
 * in one read transaction on SQLite (recipe + author + the caller's like,
 * lines + catalogue, comments + authors + the caller's likes), 1 on
 * PostgreSQL (the same, the lines and comments as JSON), whatever the
 * number of comments and likes.
 * With `asOf`, the same statements also read the prices' version, and the
 * lines' prices on that date come from the timelines kept at that version
 * (PriceTimelines; one more statement only when they must be read again).
 */
export default class RecipeDetail {
  /**
   * A recipe with its cost (scaled to `servings` when given), its lines (the
   * quantity and unit as entered), its comments (oldest first) and whether
   * `viewerId` likes each of them. With `asOf`, costed with the prices in
   * effect on that date: the answer names the date and
   * the ingredients that had no price yet (their lines cost null, 0 in the price).
   */
  static async show(postId: number, viewerId: number | null, servings?: number, asOf?: string) {
    const values = { postId, viewer: viewerId ?? 0 }
    const { post, lineRows, commentRows, version } = await this.#rows(
      values,
      viewerId !== null,
      asOf !== undefined
    )
    if (!post) {
      throw ApiException.notFound(POST_NOT_FOUND)
    }
    const pricesThen =
      asOf === undefined
        ? undefined
        : await PriceTimelines.pricesOn(
            lineRows.map((line) => Number(line.id)),
            asOf,
            version
          )
    const unpriced: number[] = []
    const lines = lineRows.map((line) => {
      const id = Number(line.id)
      let price: number | null = Number(line.price)
      let unit: number | null = Number(line.unit)
      if (pricesThen) {
        const then = pricesThen.get(id)
        price = then?.price ?? null
        unit = then?.unit ?? null
        if (!then) {
          unpriced.push(id)
        }
      }
      return {
        quantity: line.quantity,
        own: ownQuantity(line.quantity, line.line_measure, convertibleOf(line)),
        price,
        unit,
      }
    })
    const recipeServings = Number(post.servings)
    const forServings = servings ?? recipeServings
    const cost = costLines(lines, recipeServings, forServings)
    const answer = transform.detail(post, {
      price: cost.price,
      pricePerServing: cost.pricePerServing,
      servings: forServings,
      lines: lineRows.map((line, index) => ({
        id: Number(line.id),
        name: line.name,
        measure: enteredMeasure(line),
        quantity: cost.lines[index].quantity,
        cost: cost.lines[index].cost,
      })),
    })
    return {
      post: asOf === undefined ? answer : { ...answer, price_as_of: asOf, unpriced },
      comments: commentRows.map(transform.comment),
    }
  }

  static async #rows(values: { postId: number; viewer: number }, viewer: boolean, asOf: boolean) {
    type PostRow = transform.DetailRow & { servings: number | string }
    type Versioned = { prices_version?: number | string | null }
    if (db.connection().dialect.name === 'postgres') {
      const [row] = await DETAIL_IN_ONE_STATEMENT(viewer, asOf).run<
        PostRow & Versioned & { lines: PricedLineRow[]; comments: transform.CommentRow[] }
      >(values)
      return {
        post: row,
        lineRows: row?.lines ?? [],
        commentRows: row?.comments ?? [],
        version: Number(row?.prices_version),
      }
    }
    /* One snapshot: the recipe, its lines and its comments as of one commit. */
    const [postRows, lineRows, commentRows] = (await CommittedRead.runTogether([
      [DETAIL_POST(viewer), values],
      [DETAIL_LINES(asOf), values],
      [DETAIL_COMMENTS(viewer), values],
    ])) as [PostRow[], Array<PricedLineRow & Versioned>, transform.CommentRow[]]
    return {
      post: postRows[0] as PostRow | undefined,
      lineRows,
      commentRows,
      /* No lines, no prices to read: any version will do. */
      version: Number(lineRows[0]?.prices_version),
    }
  }
}
