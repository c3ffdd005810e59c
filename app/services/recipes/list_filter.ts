import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import Member from '#models/member'
import { containsPattern, whereLike } from '#services/sql'
import { param } from '#database/engine/compiled_query'
import { SEARCH_PAIRS, whereHoldsPairs, type PairMatch } from '#services/recipes/title_search'
import type { Sort } from '#validators/post'

/* GET /posts's query, validated (listPostsValidator). */
export interface ListParams {
  pageNo?: number
  pageSize?: number
  q?: string
  sort?: Sort
  maxPrice?: number
  author?: string
}

/* Which filters a list request uses; their values are bound per request. */
export interface FilterShape {
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

export type FilterValues = Record<string, unknown>

export function filterShape(params: ListParams, pairs: string[]): FilterShape {
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

export function filterValues(params: ListParams, pairs: string[]): FilterValues {
  const values: FilterValues = {
    q: params.q ? containsPattern(params.q) : undefined,
    maxPrice: params.maxPrice,
    author: params.author ? Member.usernameKeyOf(params.author) : undefined,
  }
  pairs.slice(0, SEARCH_PAIRS).forEach((pair, index) => (values[`qPair${index}`] = pair))
  return values
}

/* A list column stored in post_prices; every other one is posts' own. */
const isPriceColumn = (column: string) => column === 'price' || column === 'price_per_serving'

/** Whether a sort orders by a stored price (its column is named as the sort). */
export function isPriceSort(sort: Sort) {
  return isPriceColumn(sort)
}

/** Where a list reads its ids from, and how it names their columns there. */
export interface ListSource {
  query: DatabaseQueryBuilderContract<any>
  /** The table an anchor row is read from, and its id column (PageAnchors' seek). */
  table: 'posts' | 'post_prices'
  idColumn: 'id' | 'post_id'
  /** A list column (an order's), qualified by its table. */
  column(name: string): string
  /** The recipe id, qualified: the sort's tie-break. */
  id: string
}

/**
 * The recipes a list keeps, with the filter's conditions (params in place of
 * the values). Stored prices live in post_prices, one row per post (see the
 * migration 1765100000000_move_recipe_prices_to_post_prices.ts): a list
 * ordered or filtered by a price alone reads post_prices alone, whose
 * (price, post_id) indexes answer the order; one that also needs posts'
 * own columns (title search, author) joins the two, and one that needs no
 * price reads posts alone. A price sort breaks ties by post_prices.post_id,
 * the column its index carries.
 */
export function listSource(
  filter: FilterShape,
  pairMatch: PairMatch = 'narrow',
  sort?: Sort
): ListSource {
  const byPrice = sort !== undefined && isPriceSort(sort)
  const onPosts = filter.qPairs > 0 || filter.q || filter.author || (sort !== undefined && !byPrice)
  const onPrices = byPrice || filter.maxPrice
  const pricesAlone = onPrices && !onPosts
  const query = db.from(pricesAlone ? 'post_prices' : 'posts')
  if (onPrices && onPosts) {
    /* CROSS JOIN: SQLite keeps posts as the outer loop (its sort's or filter's index), then probes the price by key. */
    query.joinRaw('CROSS JOIN post_prices').whereRaw('post_prices.post_id = posts.id')
  }
  whereHoldsPairs(query, filter.qPairs, pairMatch)
  if (filter.q && !filter.qExact) {
    whereLike(query, 'posts.title', param('q'))
  }
  if (filter.maxPrice) {
    query.where('post_prices.price_per_serving', '<=', param('maxPrice'))
  }
  if (filter.author) {
    query.where(
      'posts.member_id',
      db.from('members').where('username_key', param('author')).select('id')
    )
  }
  const column = (name: string) => `${isPriceColumn(name) ? 'post_prices' : 'posts'}.${name}`
  return {
    query,
    table: byPrice ? 'post_prices' : 'posts',
    idColumn: byPrice ? 'post_id' : 'id',
    column,
    id: byPrice || pricesAlone ? 'post_prices.post_id' : 'posts.id',
  }
}
