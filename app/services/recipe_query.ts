import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import Member from '#models/member'
import ApiException from '#exceptions/api_exception'
import RecipeCostCalculator, { canonicalQuantity } from '#services/recipe_cost_calculator'
import { containsPattern, whereLike } from '#services/sql'
import CompiledQuery, { param } from '#services/compiled_query'
import OwnershipPolicy from '#policies/ownership_policy'
import PageAnchors from '#services/page_anchors'
import VersionedMemo from '#services/versioned_memo'
import { POST_LIMITS, type Sort } from '#validators/post'
import * as transform from '#transformers/recipe_transformer'

import { POST_NOT_FOUND } from '#contract/messages'

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
 * Title search: every pair of adjacent characters of every title is indexed
 * in post_title_grams (see its migration). Up to SEARCH_PAIRS pairs of the
 * search narrow the recipes, and LIKE checks the candidates exactly, except
 * for a two-character search, which is its one pair. A one-character search
 * has no pair and scans the titles.
 *
 * The count starts from the pairs' index ranges ("narrow"). A page does too
 * when the matches are few; when they are many, walking the sort's index and
 * probing each recipe's pairs ("probe") reaches the page sooner than sorting
 * every match (11,286 recipes hold "찌개" among 50,000).
 */
const SEARCH_PAIRS = 3
/* From this many matches on, a page walks the sort's index and probes the pairs. */
const PROBE_MIN_MATCHES = 1000

type PairMatch = 'narrow' | 'probe'

/** Distinct pairs of adjacent characters (code points) of a text, in order. */
export function characterPairs(text: string) {
  const characters = Array.from(text)
  const pairs = new Set<string>()
  for (let index = 0; index + 1 < characters.length; index++) {
    pairs.add(characters[index] + characters[index + 1])
  }
  return [...pairs]
}

/* Which filters a list request uses; their values are bound per request. */
interface FilterShape {
  any: boolean
  q: boolean
  /** How many character pairs of q narrow the search (0 to SEARCH_PAIRS). */
  qPairs: number
  /** q is exactly its one pair: the pairs decide alone, without LIKE. */
  qExact: boolean
  maxPrice: boolean
  author: boolean
  /** Part of a compiled statement's key. */
  key: string
}

type FilterValues = Record<string, unknown>

/* One page of one list, as RecipeQuery.list reads it. */
interface PageRequest {
  sort: Sort
  filter: FilterShape
  pageSize: number
  offset: number
  values: FilterValues
  /* The filter values, as the key of what is kept for them (the count; with the sort, positions). */
  filterKey: string
  /*
   * Whether values kept across requests (counts, positions) are used and
   * kept. Not inside a transaction (a test's global transaction): its reads
   * may see writes that are rolled back later.
   */
  memo: boolean
}

function filterShape(params: ListParams, pairs: string[]): FilterShape {
  const q = Boolean(params.q)
  const qPairs = Math.min(pairs.length, SEARCH_PAIRS)
  const qExact = q && Array.from(params.q!).length === 2
  const maxPrice = params.maxPrice !== undefined
  const author = Boolean(params.author)
  return {
    any: q || maxPrice || author,
    q,
    qPairs,
    qExact,
    maxPrice,
    author,
    key: `${+q}${qPairs}${+qExact}${+maxPrice}${+author}`,
  }
}

/* How a page meets the pairs of q, knowing how many recipes match. */
function pairMatchFor(filter: FilterShape, total: number): PairMatch {
  return filter.qPairs > 0 && total >= PROBE_MIN_MATCHES ? 'probe' : 'narrow'
}

function filterValues(params: ListParams, pairs: string[]): FilterValues {
  const values: FilterValues = {
    q: params.q ? containsPattern(params.q) : undefined,
    maxPrice: params.maxPrice,
    author: params.author ? Member.usernameKeyOf(params.author) : undefined,
  }
  pairs.slice(0, SEARCH_PAIRS).forEach((pair, index) => (values[`qPair${index}`] = pair))
  return values
}

function applyFilter<T extends DatabaseQueryBuilderContract<any>>(
  query: T,
  filter: FilterShape,
  pairMatch: PairMatch = 'narrow'
): T {
  for (let index = 0; index < filter.qPairs; index++) {
    /*
     * Folded by the database's lower(), as the titles' pairs are (see the
     * migration). A probe has been chosen knowing that the matches are many:
     * on PostgreSQL its pair is a sub-select, so the planner cannot peek at
     * the value and the statement keeps one generic plan per connection.
     * Otherwise every run was planned anew for its value (0.23 ms of planning
     * against 0.13 ms of execution for `찌개` page 1). A narrow search keeps
     * the value visible: its plan depends on how rare the pair is.
     */
    const hidden = pairMatch === 'probe' && query.client.dialect.name === 'postgres'
    const pair = db.raw(hidden ? '(SELECT lower(?))' : 'lower(?)', [param(`qPair${index}`)])
    const holders = db.from('post_title_grams as g').where('g.gram', pair)
    if (pairMatch === 'narrow') {
      query.whereIn('posts.id', holders.select('g.post_id'))
    } else {
      query.whereExists(holders.whereRaw('g.post_id = posts.id').select(db.raw('1')))
    }
  }
  if (filter.q && !filter.qExact) {
    whereLike(query, 'title', param('q'))
  }
  if (filter.maxPrice) {
    query.where('price_per_serving', '<=', param('maxPrice'))
  }
  if (filter.author) {
    query.where('member_id', db.from('members').where('username_key', param('author')).select('id'))
  }
  return query
}

/*
 * The number of recipes, kept by a trigger on posts in 16 counter rows
 * ('posts#0' … 'posts#15', so concurrent writers do not queue on one row; see
 * the counter migrations): no count(*) per request.
 */
const POSTS_TOTAL = "(SELECT sum(value) FROM counters WHERE name >= 'posts#' AND name < 'posts$')"

/*
 * The lists' version: committed changes to what orders and filters them,
 * counted in the same rows by triggers (see the count_posts_order_changes
 * migration). Filtered counts, filtered pages and deep pages read it with
 * their rows, so what was kept at a version is known to hold (VersionedMemo).
 */
const POSTS_VERSION =
  "(SELECT sum(changes) FROM counters WHERE name >= 'posts#' AND name < 'posts$')"

/* A page row of an unfiltered list carries the total; a filtered or deep page's row, the version. */
type PageRow = transform.ListRow & { total?: number | string; version?: number | string }

/* Where a page starts: OFFSET rows into the list, or at/after a known row (PageAnchors). */
type PageStart = 'offset' | 'from' | 'after'

/* Positions seen in deep pages, by list. */
const pageAnchors = new PageAnchors()
/* Filtered lists' counts, by filter values (the sort does not change a count). */
const filteredTotals = new VersionedMemo<number>(1000)

interface LineRow {
  id: number
  name: string
  measure: string
  quantity: string
}

interface PricedLineRow extends LineRow {
  price: number
  unit: number
}

/* A recipe's lines with their catalogue entries, in the author's order. */
function linesOf(withPrices: boolean) {
  const query = db
    .from('post_ingredients as pi')
    .join('ingredients as i', 'i.id', 'pi.ingredient_id')
    .where('pi.post_id', param('postId'))
    .select('i.id', 'i.name', 'i.measure', 'pi.quantity')
    .orderBy('pi.position', 'asc')
  if (withPrices) {
    query.select('i.price', 'i.unit')
  }
  return query
}

/* The detail's recipe + author + the viewer's like. */
const detailPost = () =>
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
      db.raw(
        'CASE WHEN EXISTS (SELECT 1 FROM post_likes pl WHERE pl.post_id = p.id AND pl.member_id = ?) THEN 1 ELSE 0 END AS liked',
        [param('viewer')]
      )
    )
    .limit(1)

/* The detail's three statements on SQLite (recipe + author + the viewer's like; lines; comments). */
const DETAIL_POST = () => CompiledQuery.of('posts.detail.post', detailPost)

/*
 * On PostgreSQL, the detail in one statement: the lines and the comments as
 * JSON arrays beside the recipe, in the same order and with the same fields
 * as the SQLite statements. Three statements meant three socket writes, and
 * in a profile of the detail on PostgreSQL socket writes (writev) were a
 * quarter of the server's busy CPU. Times are epoch milliseconds (what the
 * driver's Dates hold), quantities text (exact decimals).
 */
const DETAIL_IN_ONE_STATEMENT = () =>
  CompiledQuery.of('posts.detail.pg', () =>
    detailPost()
      .select(
        db.raw(`(SELECT coalesce(json_agg(json_build_object(
            'id', i.id, 'name', i.name, 'measure', i.measure, 'quantity', pi.quantity::text,
            'price', i.price, 'unit', i.unit) ORDER BY pi.position), '[]'::json)
          FROM post_ingredients AS pi JOIN ingredients AS i ON i.id = pi.ingredient_id
          WHERE pi.post_id = p.id) AS lines`)
      )
      .select(
        db.raw(
          `(SELECT coalesce(json_agg(json_build_object(
            'id', c.id, 'content', c.content, 'member_id', c.member_id, 'username', cm.username,
            'created_at', floor(extract(epoch FROM c.created_at) * 1000)::bigint,
            'updated_at', floor(extract(epoch FROM c.updated_at) * 1000)::bigint,
            'like_count', c.like_count,
            'liked', CASE WHEN cl.member_id IS NULL THEN 0 ELSE 1 END) ORDER BY c.created_at, c.id), '[]'::json)
          FROM comments AS c JOIN members AS cm ON cm.id = c.member_id
          LEFT JOIN comment_likes AS cl ON cl.comment_id = c.id AND cl.member_id = ?
          WHERE c.post_id = p.id) AS comments`,
          [param('viewer')]
        )
      )
  )

const DETAIL_LINES = () => CompiledQuery.of('posts.detail.lines', () => linesOf(true))

const DETAIL_COMMENTS = () =>
  CompiledQuery.of('posts.detail.comments', () =>
    db
      .from('comments as c')
      .join('members as m', 'm.id', 'c.member_id')
      .leftJoin('comment_likes as cl', (join) => {
        join.on('cl.comment_id', 'c.id').andOnVal('cl.member_id', param('viewer'))
      })
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
      .select(db.raw('CASE WHEN cl.member_id IS NULL THEN 0 ELSE 1 END AS liked'))
      .orderBy('c.created_at', 'asc')
      .orderBy('c.id', 'asc')
  )

/*
 * Read side of recipes. Every answer costs a fixed number of SQL statements,
 * whatever the page size or the number of comments and likes:
 * - list without filters: 1 (the page's ids joined with their rows and
 *   authors, and the total from `counters` in the same statement); 2 when
 *   the page lies past the end (then the total alone);
 * - filtered list: 2 (the filtered count, then the page); 1 past the end;
 *   while a count read earlier still holds (same version of the lists):
 *   1 (the page), or past the end 1 (the version alone); after a change,
 *   1 more (the page or the version, then as the first time);
 * - a deep page seeking from a position that a change has made stale
 *   (PageAnchors): 1 more, the page walked with OFFSET;
 * - detail: 3 on SQLite (recipe + author + the caller's like, lines +
 *   catalogue, comments + authors + the caller's likes), 1 on PostgreSQL
 *   (the same, the lines and comments as JSON);
 * - edit form: 2.
 */
export default class RecipeQuery {
  static async list(params: ListParams) {
    const pageNo = params.pageNo ?? 1
    const pageSize = params.pageSize ?? POST_LIMITS.pageSizeDefault
    const sort = params.sort ?? 'latest'
    const pairs = params.q ? characterPairs(params.q) : []
    const filter = filterShape(params, pairs)
    const values = filterValues(params, pairs)

    const offset = (pageNo - 1) * pageSize
    const memo = !db.connection().isTransaction
    const filterKey = JSON.stringify([values.q, values.maxPrice, values.author])
    const page: PageRequest = { sort, filter, pageSize, offset, values, filterKey, memo }
    const { rows, total } = filter.any
      ? await this.#filteredPage(page)
      : await this.#unfilteredPage(page)
    const lastPage = Math.ceil(total / pageSize)

    return {
      posts: rows.map(transform.listItem),
      pageNo,
      pageSize,
      total,
      lastPage,
    }
  }

  /* One statement: the page and, from the counters, the total. */
  static async #unfilteredPage(page: PageRequest) {
    const rows = await this.#pageRows(page, 'narrow')
    const total = rows.length > 0 ? Number(rows[0].total) : await this.#totalCount()
    return { rows, total }
  }

  /*
   * A filtered list's page and count. The count reads every match (11,286
   * index entries for "찌개" at 50,000 recipes), so it is kept by filter
   * values for as long as the lists' version lasts: a page read at the
   * version its count was read at needs no count. The first time, and after
   * a change, the count is read (with its version) as well.
   */
  static async #filteredPage(page: PageRequest) {
    const { filter, offset, filterKey } = page
    const known = page.memo ? filteredTotals.get(filterKey) : undefined
    if (known && offset < known.value) {
      const rows = await this.#pageRows(page, pairMatchFor(filter, known.value), known.value)
      if (rows.length > 0 && Number(rows[0].version) === known.version) {
        return { rows, total: known.value }
      }
      /* The rows stand (read in one snapshot, as after a count); the count is read anew. */
      return { rows, total: await this.#filteredCount(page, filterKey) }
    }
    if (known && (await this.#version()) === known.version) {
      /* Past the end of a list whose count still holds. */
      return { rows: [], total: known.value }
    }
    const total = await this.#filteredCount(page, filterKey)
    const rows =
      offset < total ? await this.#pageRows(page, pairMatchFor(filter, total), total) : []
    return { rows, total }
  }

  /*
   * A page's rows. A deep page of a list not sorted by likes (which change on
   * every like) first seeks from the position this process saw at its
   * offset, and keeps the rows if they were read at the version that position
   * was seen at; otherwise (and for any other page) it walks OFFSET rows. A
   * deep page leaves its first and last rows' positions for the next requests
   * (the same page, the next one). Deep pages and filtered pages read the
   * lists' version with their rows.
   */
  static async #pageRows(page: PageRequest, pairMatch: PairMatch, filteredTotal?: number) {
    const { sort, offset, values } = page
    const deep = page.memo && offset >= PageAnchors.MIN_OFFSET && sort !== 'likes'
    if (!deep) {
      const versioned = page.memo && page.filter.any
      return this.#page(page, pairMatch, 'offset', versioned).run<PageRow>(values)
    }
    const list = `${sort}:${page.filterKey}`
    const known = pageAnchors.find(list, offset)
    let rows: PageRow[] = []
    if (known) {
      const start = known.anchor.from ? 'from' : 'after'
      rows = await this.#page(page, pairMatch, start).run<PageRow>({
        ...values,
        anchor: known.anchor.id,
      })
    }
    if (!known || rows.length === 0 || Number(rows[0].version) !== known.version) {
      rows = await this.#page(page, pairMatch, 'offset', true).run<PageRow>(values)
    }
    if (rows.length > 0) {
      const total = filteredTotal ?? Number(rows[0].total)
      const ids = rows.map((row) => Number(row.id))
      pageAnchors.remember(list, Number(rows[0].version), offset, ids, total)
    }
    return rows
  }

  /* The lists' version alone. */
  static async #version() {
    const [row] = await CompiledQuery.of('posts.version', () =>
      db.query().select(db.raw(`${POSTS_VERSION} AS version`))
    ).run()
    return Number(row?.version)
  }

  /* The total alone (a page past the end has no row to carry it). */
  static async #totalCount() {
    const [row] = await CompiledQuery.of('posts.total', () =>
      db.query().select(db.raw(`${POSTS_TOTAL} AS total`))
    ).run()
    return Number(row?.total ?? 0)
  }

  /* A filtered list's count, read with the lists' version and kept under it. */
  static async #filteredCount({ filter, values, memo }: PageRequest, filterKey: string) {
    const [row] = await CompiledQuery.of(`posts.count:${filter.key}`, () => {
      const version = db.raw(`${POSTS_VERSION} AS version`)
      const needsRows = (filter.q && !filter.qExact) || filter.maxPrice || filter.author
      if (filter.qPairs === 0 || needsRows) {
        return applyFilter(db.from('posts'), filter).count('* as total').select(version)
      }
      /*
       * Only the pairs decide: count their index range alone. Reading the
       * posts' rows (wide, with contents) cost 16 ms for the 11,286 recipes
       * holding "찌개" at 50,000 recipes; the pairs' index, under 1 ms.
       */
      const count = db
        .from('post_title_grams as g0')
        .where('g0.gram', db.raw('lower(?)', [param('qPair0')]))
      for (let index = 1; index < filter.qPairs; index++) {
        count.whereExists(
          db
            .from(`post_title_grams as g${index}`)
            .where(`g${index}.gram`, db.raw('lower(?)', [param(`qPair${index}`)]))
            .whereRaw(`g${index}.post_id = g0.post_id`)
            .select(db.raw('1'))
        )
      }
      return count.count('* as total').select(version)
    }).run(values)
    const total = Number(row?.total ?? 0)
    if (memo) {
      filteredTotals.at(filterKey, Number(row?.version), () => total)
    }
    return total
  }

  /**
   * One page of the list, as a statement compiled per (sort, filters, page
   * size, offset, start). A page that starts at a known row has no OFFSET.
   *
   * The page's ids are chosen from posts alone: the sort's (column, id) index
   * answers ORDER BY … LIMIT … OFFSET by an index-only scan, so deep pages
   * skip index entries rather than whole rows. Only those ids are then joined
   * with their rows and authors. The joins are CROSS JOINs with the
   * conditions in WHERE because SQLite keeps the written order for them: with
   * plain joins it chose to scan all posts and probe the page (70 ms at 50,000
   * recipes instead of 0.03 ms). PostgreSQL plans them like inner joins.
   *
   * A page that starts `from` or `after` a known row (param `anchor`) seeks
   * it in the same index: (column, id) compared as a row value, which both
   * databases answer with an index range. Such a page, and a walked one that
   * `versioned` asks for, also reads the lists' version.
   *
   * LIMIT and OFFSET are literals (validated integers): bound,
   * SQLite cannot use its top-N optimisations (24 µs instead of 9 µs for page
   * 1 at 50,000 recipes) and PostgreSQL may plan generically.
   */
  static #page(
    { sort, filter, pageSize, offset: pageOffset }: PageRequest,
    pairMatch: PairMatch,
    start: PageStart = 'offset',
    versioned = start !== 'offset'
  ) {
    const offset = start === 'offset' ? pageOffset : 0
    const key = `posts.page:${sort}:${filter.key}:${pairMatch}:${pageSize}:${offset}:${start}:${+versioned}`
    return CompiledQuery.of(key, () => {
      const order = ORDERS[sort]
      const page = applyFilter(db.from('posts'), filter, pairMatch)
        .select('id')
        .orderBy(order.column, order.direction)
        .orderBy('id', order.direction)
        .as('page')
      if (start !== 'offset') {
        const comparison = `${order.direction === 'desc' ? '<' : '>'}${start === 'from' ? '=' : ''}`
        page.whereRaw(
          `(posts.${order.column}, posts.id) ${comparison} ((SELECT anchor.${order.column} FROM posts AS anchor WHERE anchor.id = ?), ?)`,
          [param('anchor'), param('anchor')]
        )
      }
      page.knexQuery.limit(pageSize, { skipBinding: true }).offset(offset, { skipBinding: true })
      return db
        .query()
        .from(page)
        .joinRaw('CROSS JOIN posts AS p CROSS JOIN members AS m')
        .whereRaw('p.id = page.id')
        .whereRaw('m.id = p.member_id')
        .select(LIST_COLUMNS.map((column) => `p.${column}`))
        .select('m.username')
        .if(!filter.any, (query) => query.select(db.raw(`${POSTS_TOTAL} AS total`)))
        .if(versioned, (query) => query.select(db.raw(`${POSTS_VERSION} AS version`)))
        .orderBy(`p.${order.column}`, order.direction)
        .orderBy('p.id', order.direction)
    })
  }

  /**
   * A recipe with its cost (scaled to `servings` when given), its lines, its
   * comments (oldest first) and whether `viewerId` likes each of them.
   */
  static async detail(postId: number, viewerId: number | null, servings?: number) {
    /* 0 matches no member: the anonymous caller likes nothing. */
    const values = { postId, viewer: viewerId ?? 0 }
    const { post, lineRows, commentRows } = await this.#detailRows(values)
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
      comments: commentRows.map(transform.comment),
    }
  }

  static async #detailRows(values: { postId: number; viewer: number }) {
    type PostRow = transform.DetailRow & { servings: number | string }
    if (db.connection().dialect.name === 'postgres') {
      const [row] = await DETAIL_IN_ONE_STATEMENT().run<
        PostRow & { lines: PricedLineRow[]; comments: transform.CommentRow[] }
      >(values)
      return { post: row, lineRows: row?.lines ?? [], commentRows: row?.comments ?? [] }
    }
    const [postRows, lineRows, commentRows] = await Promise.all([
      DETAIL_POST().run<PostRow>(values),
      DETAIL_LINES().run<PricedLineRow>(values),
      DETAIL_COMMENTS().run<transform.CommentRow>(values),
    ])
    return { post: postRows[0] as PostRow | undefined, lineRows, commentRows }
  }

  /** The edit form of a recipe, for its author only (403 "수정 권한이 없음" otherwise). */
  static async editForm(postId: number, memberId: number) {
    const post = await this.findOwned(postId, memberId, 'editPost')
    const lines = await this.#lines(postId)
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

  static async #lines(postId: number) {
    return CompiledQuery.of('posts.edit_form.lines', () => linesOf(false)).run<LineRow>({ postId })
  }
}
