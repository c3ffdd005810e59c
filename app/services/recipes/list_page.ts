import db from '@adonisjs/lucid/services/db'
import { CommittedRead, param } from '#database/engine/compiled_query'
import PageAnchors from '#services/recipes/page_anchors'
import {
  isPriceSort,
  listSource,
  type FilterShape,
  type FilterValues,
} from '#services/recipes/list_filter'
import { pageAnchors, POSTS_TOTAL, POSTS_VERSION } from '#services/recipes/list_cache'
import type { PairMatch } from '#services/recipes/title_search'
import type { Sort } from '#validators/post'
import type { ListRow } from '#transformers/recipe_transformer'

/* One page of one list, as RecipeListing.list reads it. */
export interface PageRequest {
  sort: Sort
  filter: FilterShape
  pageSize: number
  offset: number
  values: FilterValues
  /* The filter values, as the key of what is kept for them (the count; with the sort, positions). */
  filterKey: string
}

/* A page row of an unfiltered list carries the total; a filtered or deep page's row, the version. */
export type PageRow = ListRow & { total?: number | string; version?: number | string }

/* Each sort: its indexed column, direction, and id as the tie-break (same direction). */
const ORDERS: Record<Sort, { column: string; direction: 'asc' | 'desc' }> = {
  latest: { column: 'created_at', direction: 'desc' },
  oldest: { column: 'created_at', direction: 'asc' },
  likes: { column: 'like_count', direction: 'desc' },
  price: { column: 'price', direction: 'asc' },
  price_per_serving: { column: 'price_per_serving', direction: 'asc' },
}

/* A list row's columns: the post's own (p) and its stored prices (pp, post_prices). */
const LIST_COLUMNS = [
  'p.id',
  'p.member_id',
  'p.title',
  'p.created_at',
  'pp.price',
  'p.servings',
  'pp.price_per_serving',
  'p.like_count',
  'p.comment_count',
]

/* Where a page starts: OFFSET rows into the list, or at/after a known row (PageAnchors). */
type PageStart = 'offset' | 'from' | 'after'

/**
 * A page's rows. A deep page of a list not sorted by likes (which change on
 * every like) first seeks from the position this process saw at its
 * offset, and keeps the rows if they were read at the version that position
 * was seen at; otherwise (and for any other page) it walks OFFSET rows. A
 * deep page leaves its first and last rows' positions for the next requests
 * (the same page, the next one). Deep pages and filtered pages read the
 * lists' version with their rows.
 */
export async function pageRows(page: PageRequest, pairMatch: PairMatch, filteredTotal?: number) {
  const { sort, offset, values } = page
  const deep = offset >= PageAnchors.MIN_OFFSET && sort !== 'likes'
  if (!deep) {
    return pageStatement(page, pairMatch, 'offset', page.filter.any).run<PageRow>(values)
  }
  const list = `${sort}:${page.filterKey}`
  const known = pageAnchors.find(list, offset)
  let rows: PageRow[] = []
  if (known) {
    const start = known.anchor.from ? 'from' : 'after'
    rows = await pageStatement(page, pairMatch, start).run<PageRow>({
      ...values,
      anchor: known.anchor.id,
    })
  }
  if (!known || rows.length === 0 || Number(rows[0].version) !== known.version) {
    rows = await pageStatement(page, pairMatch, 'offset', true).run<PageRow>(values)
  }
  if (rows.length > 0) {
    const total = filteredTotal ?? Number(rows[0].total)
    const ids = rows.map((row) => Number(row.id))
    pageAnchors.remember(list, Number(rows[0].version), offset, ids, total)
  }
  return rows
}

/**
 * One page of the list, as a statement compiled per (sort, filters, page
 * size, offset, start). A page that starts at a known row has no OFFSET.
 *
 * The page's ids are chosen from posts alone, or from post_prices alone
 * for a price sort without a condition on posts (listSource): the sort's
 * (column, id) index answers ORDER BY … LIMIT … OFFSET by an index-only
 * scan, so deep pages skip index entries rather than whole rows. Only
 * those ids are then joined with their rows, prices and authors. The joins are CROSS JOINs with the
 * conditions in WHERE because SQLite keeps the written order for them: with
 * plain joins it chose to scan all posts and probe the page. PostgreSQL
 * plans them like inner joins.
 *
 * A page that starts `from` or `after` a known row (param `anchor`) seeks
 * it in the same index: (column, id) compared as a row value, which both
 * databases answer with an index range. Such a page, and a walked one that
 * `versioned` asks for, also reads the lists' version.
 *
 * LIMIT and OFFSET are literals (validated integers) written around the
 * compiled id query: bound, SQLite cannot use its top-N optimisations and
 * PostgreSQL may plan generically.
 */
function pageStatement(
  { sort, filter, pageSize, offset: pageOffset }: PageRequest,
  pairMatch: PairMatch,
  start: PageStart = 'offset',
  versioned = start !== 'offset'
) {
  const offset = start === 'offset' ? pageOffset : 0
  const key = `posts.page:${sort}:${filter.key}:${pairMatch}:${pageSize}:${offset}:${start}:${+versioned}`
  return CommittedRead.of(key, () => {
    const order = ORDERS[sort]
    const source = listSource(filter, pairMatch, sort)
    const column = source.column(order.column)
    const ids = source.query
      .select(`${source.id} as id`)
      .orderBy(column, order.direction)
      .orderBy(source.id, order.direction)
    if (start !== 'offset') {
      const comparison = `${order.direction === 'desc' ? '<' : '>'}${start === 'from' ? '=' : ''}`
      const anchor = `SELECT anchor.${order.column} FROM ${source.table} AS anchor WHERE anchor.${source.idColumn} = ?`
      ids.whereRaw(`(${column}, ${source.id}) ${comparison} ((${anchor}), ?)`, [
        param('anchor'),
        param('anchor'),
      ])
    }
    const { sql, bindings } = ids.toSQL()
    const range = `limit ${pageSize}${offset > 0 ? ` offset ${offset}` : ''}`
    const query = db.query()
    query.knexQuery.from(db.knexRawQuery(`(${sql} ${range}) as "page"`, [...bindings]))
    return query
      .joinRaw('CROSS JOIN posts AS p CROSS JOIN post_prices AS pp CROSS JOIN members AS m')
      .whereRaw('p.id = page.id')
      .whereRaw('pp.post_id = p.id')
      .whereRaw('m.id = p.member_id')
      .select(LIST_COLUMNS)
      .select('m.username')
      .select(db.raw('CAST(pp.price_date AS TEXT) AS price_date'))
      .if(!filter.any, (builder) => builder.select(db.raw(`${POSTS_TOTAL} AS total`)))
      .if(versioned, (builder) => builder.select(db.raw(`${POSTS_VERSION} AS version`)))
      .orderBy(`${isPriceSort(sort) ? 'pp' : 'p'}.${order.column}`, order.direction)
      .orderBy('p.id', order.direction)
  })
}
