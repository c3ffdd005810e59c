import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { param } from '#database/engine/compiled_query'

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
 * every match (see bench/README.md for the data set's sizes).
 */
export const SEARCH_PAIRS = 3
/* From this many matches on, a page walks the sort's index and probes the pairs. */
const PROBE_MIN_MATCHES = 1000

export type PairMatch = 'narrow' | 'probe'

/** Distinct pairs of adjacent characters (code points) of a text, in order. */
export function characterPairs(text: string) {
  const characters = Array.from(text)
  const pairs = new Set<string>()
  for (let index = 0; index + 1 < characters.length; index++) {
    pairs.add(characters[index] + characters[index + 1])
  }
  return [...pairs]
}

/** How a page meets `pairs` pairs of q, knowing how many recipes match. */
export function pairMatchFor(pairs: number, total: number): PairMatch {
  return pairs > 0 && total >= PROBE_MIN_MATCHES ? 'probe' : 'narrow'
}

/** Recipes holding each of the first `pairs` pairs (params `qPair0` …). */
export function whereHoldsPairs<T extends DatabaseQueryBuilderContract<any>>(
  query: T,
  pairs: number,
  pairMatch: PairMatch
): T {
  for (let index = 0; index < pairs; index++) {
    /*
     * Folded by the database's lower(), as the titles' pairs are (see the
     * migration). A probe has been chosen knowing that the matches are many:
     * on PostgreSQL its pair is a sub-select, so the planner cannot peek at
     * the value and the statement keeps one generic plan per connection
     * instead of being planned anew for every value. A narrow search keeps
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
  return query
}

/*
 * The number of recipes holding the first `pairs` pairs, from the pairs'
 * index alone (when only the pairs decide): reading the posts' rows, wide
 * with their contents, cost an order of magnitude more for a common pair.
 */
export function pairHolders(pairs: number) {
  const count = db
    .from('post_title_grams as g0')
    .where('g0.gram', db.raw('lower(?)', [param('qPair0')]))
  for (let index = 1; index < pairs; index++) {
    count.whereExists(
      db
        .from(`post_title_grams as g${index}`)
        .where(`g${index}.gram`, db.raw('lower(?)', [param(`qPair${index}`)]))
        .whereRaw(`g${index}.post_id = g0.post_id`)
        .select(db.raw('1'))
    )
  }
  return count
}
