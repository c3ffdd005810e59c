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

/** The filter's conditions on `posts`, with params in place of the values. */
export function applyFilter<T extends DatabaseQueryBuilderContract<any>>(
  query: T,
  filter: FilterShape,
  pairMatch: PairMatch = 'narrow'
): T {
  whereHoldsPairs(query, filter.qPairs, pairMatch)
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
