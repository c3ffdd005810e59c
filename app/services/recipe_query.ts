import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import Member from '#models/member'
import ApiException from '#exceptions/api_exception'
import RecipeCostCalculator, { canonicalQuantity } from '#services/recipe_cost_calculator'
import { whereContains } from '#services/sql'
import OwnershipPolicy from '#policies/ownership_policy'
import { POST_LIMITS, type Sort } from '#validators/post'
import * as transform from '#transformers/recipe_transformer'

export const POST_NOT_FOUND = '존재하지 않는 레시피'

export interface ListParams {
  pageNo?: number
  pageSize?: number
  q?: string
  sort?: Sort
  maxPrice?: number
  author?: string
}

/* Each sort: its indexed column, direction, and id as the tie-break (same direction). */
const ORDERS: Record<Sort, { column: string; direction: 'asc' | 'desc' }> = {
  latest: { column: 'created_at', direction: 'desc' },
  oldest: { column: 'created_at', direction: 'asc' },
  likes: { column: 'like_count', direction: 'desc' },
  price: { column: 'price', direction: 'asc' },
  price_per_serving: { column: 'price_per_serving', direction: 'asc' },
}

const LIST_COLUMNS = [
  'id',
  'member_id',
  'title',
  'created_at',
  'price',
  'servings',
  'price_per_serving',
  'like_count',
  'comment_count',
]

/*
 * Read side of recipes. Every answer costs a fixed number of SQL statements,
 * whatever the page size or the number of comments and likes:
 * - list: 2 (the total from `counters` or a filtered count, then the page's
 *   ids joined with their rows and authors); 1 when the page lies past the end;
 * - detail: 3 (recipe + author + the caller's like, lines + catalogue,
 *   comments + authors + the caller's likes);
 * - edit form: 2.
 */
export default class RecipeQuery {
  static async list(params: ListParams) {
    const pageNo = params.pageNo ?? 1
    const pageSize = params.pageSize ?? POST_LIMITS.pageSizeDefault
    const order = ORDERS[params.sort ?? 'latest']
    const filtered = Boolean(params.q) || params.maxPrice !== undefined || Boolean(params.author)

    const total = filtered ? await this.#filteredCount(params) : await this.#totalCount()
    const lastPage = Math.ceil(total / pageSize)
    const offset = (pageNo - 1) * pageSize

    let rows: transform.ListRow[] = []
    if (offset < total) {
      /*
       * The page's ids are chosen from posts alone: the sort's (column, id)
       * index answers ORDER BY … LIMIT … OFFSET by an index-only scan, so deep
       * pages skip index entries rather than whole rows. Only those ids are then
       * joined with their rows and authors. The joins are CROSS JOINs with the
       * conditions in WHERE because SQLite keeps the written order for them:
       * with a bound LIMIT it cannot tell the page is small, and with plain
       * joins it chose to scan all posts and probe the page (70 ms at 50,000
       * recipes instead of 0.03 ms). PostgreSQL plans them like inner joins.
       */
      const page = this.#filter(db.from('posts'), params)
        .select('id')
        .orderBy(order.column, order.direction)
        .orderBy('id', order.direction)
        .as('page')
      /*
       * LIMIT and OFFSET as literals (validated integers, offset < total): with
       * bound values SQLite cannot use its top-N optimisations (24 µs instead of
       * 9 µs for page 1 at 50,000 recipes) and PostgreSQL may plan generically.
       */
      page.knexQuery.limit(pageSize, { skipBinding: true }).offset(offset, { skipBinding: true })
      rows = await db
        .query()
        .from(page)
        .joinRaw('CROSS JOIN posts AS p CROSS JOIN members AS m')
        .whereRaw('p.id = page.id')
        .whereRaw('m.id = p.member_id')
        .select(LIST_COLUMNS.map((column) => `p.${column}`))
        .select('m.username')
        .orderBy(`p.${order.column}`, order.direction)
        .orderBy('p.id', order.direction)
    }

    return {
      posts: rows.map(transform.listItem),
      pageNo,
      pageSize,
      total,
      lastPage,
    }
  }

  /* Kept by a trigger on posts (see the counters migration): no count(*) per request. */
  static async #totalCount() {
    const row = await db.from('counters').where('name', 'posts').select('value').first()
    return Number(row?.value ?? 0)
  }

  static async #filteredCount(params: ListParams) {
    const row = await this.#filter(db.from('posts'), params).count('* as total').first()
    return Number(row?.total ?? 0)
  }

  static #filter<T extends DatabaseQueryBuilderContract<any>>(query: T, params: ListParams): T {
    if (params.q) {
      whereContains(query, 'title', params.q)
    }
    if (params.maxPrice !== undefined) {
      query.where('price_per_serving', '<=', params.maxPrice)
    }
    if (params.author) {
      query.where(
        'member_id',
        db.from('members').where('username_key', Member.usernameKeyOf(params.author)).select('id')
      )
    }
    return query
  }

  /**
   * A recipe with its cost (scaled to `servings` when given), its lines, its
   * comments (oldest first) and whether `viewerId` likes each of them.
   */
  static async detail(postId: number, viewerId: number | null, servings?: number) {
    /* 0 matches no member: the anonymous caller likes nothing. */
    const viewer = viewerId ?? 0
    const [postRows, lineRows, commentRows] = await Promise.all([
      db
        .from('posts as p')
        .join('members as m', 'm.id', 'p.member_id')
        .where('p.id', postId)
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
          db.raw(
            'CASE WHEN EXISTS (SELECT 1 FROM post_likes pl WHERE pl.post_id = p.id AND pl.member_id = ?) THEN 1 ELSE 0 END AS liked',
            [viewer]
          )
        )
        .limit(1),
      this.#lines(postId, true),
      db
        .from('comments as c')
        .join('members as m', 'm.id', 'c.member_id')
        .leftJoin('comment_likes as cl', (join) => {
          join.on('cl.comment_id', 'c.id').andOnVal('cl.member_id', viewer)
        })
        .where('c.post_id', postId)
        .select(
          'c.id',
          'c.content',
          'c.member_id',
          'c.created_at',
          'c.updated_at',
          'c.like_count',
          'm.username'
        )
        .select(db.raw('CASE WHEN cl.member_id IS NULL THEN 0 ELSE 1 END AS liked'))
        .orderBy('c.created_at', 'asc')
        .orderBy('c.id', 'asc'),
    ])

    const post = postRows[0] as (transform.DetailRow & { servings: number | string }) | undefined
    if (!post) {
      throw ApiException.notFound(POST_NOT_FOUND)
    }
    const recipeServings = Number(post.servings)
    const forServings = servings ?? recipeServings
    const cost = RecipeCostCalculator.calculate(
      lineRows.map((line) => ({
        price: Number(line.price),
        unit: Number(line.unit),
        quantity: line.quantity,
      })),
      recipeServings,
      forServings
    )
    return {
      post: transform.detail(post, {
        price: cost.price,
        pricePerServing: cost.pricePerServing,
        servings: forServings,
        lines: lineRows.map((line, index) => ({
          id: Number(line.id),
          name: line.name,
          measure: line.measure,
          quantity: cost.lines[index].quantity,
          cost: cost.lines[index].cost,
        })),
      }),
      comments: (commentRows as transform.CommentRow[]).map(transform.comment),
    }
  }

  /** The edit form of a recipe, for its author only (403 "수정 권한이 없음" otherwise). */
  static async editForm(postId: number, memberId: number) {
    const post = await this.findOwned(postId, memberId, 'editPost')
    const lines = await this.#lines(postId, false)
    return transform.editForm(
      post,
      lines.map((line) => ({ ...line, quantity: canonicalQuantity(line.quantity) }))
    )
  }

  /**
   * The recipe if `memberId` may perform `action` on it: 404 when it does not
   * exist, 403 (with the action's message) when someone else wrote it.
   */
  static async findOwned(
    postId: number,
    memberId: number,
    action: 'editPost' | 'deletePost',
    client = db.connection()
  ) {
    const post = await client
      .from('posts')
      .where('id', postId)
      .select('id', 'member_id', 'title', 'content', 'servings')
      .first()
    if (!post) {
      throw ApiException.notFound(POST_NOT_FOUND)
    }
    OwnershipPolicy.authorize(memberId, { memberId: post.member_id }, action)
    return post as {
      id: number
      member_id: number
      title: string
      content: string
      servings: number
    }
  }

  static async #lines(postId: number, withPrices: boolean) {
    const query = db
      .from('post_ingredients as pi')
      .join('ingredients as i', 'i.id', 'pi.ingredient_id')
      .where('pi.post_id', postId)
      .select('i.id', 'i.name', 'i.measure', 'pi.quantity')
      .orderBy('pi.position', 'asc')
    if (withPrices) {
      query.select('i.price', 'i.unit')
    }
    return (await query) as {
      id: number
      name: string
      measure: string
      quantity: string
      price: number
      unit: number
    }[]
  }
}
