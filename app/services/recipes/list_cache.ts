import db from '@adonisjs/lucid/services/db'
import { CommittedRead } from '#database/engine/compiled_query'
import PageAnchors from '#services/recipes/page_anchors'
import VersionedMemo from '#services/recipes/versioned_memo'
import { listSource } from '#services/recipes/list_filter'
import { pairHolders } from '#services/recipes/title_search'
import type { PageRequest } from '#services/recipes/list_page'

/*
 * What this process keeps about recipe lists between requests, and the
 * counts it is checked against.
 *
 * The number of recipes is kept by a trigger on posts in 16 counter rows
 * ('posts#0' … 'posts#15', so concurrent writers do not queue on one row; see
 * the counter migrations): no count(*) per request.
 */
export const POSTS_TOTAL =
  "(SELECT sum(value) FROM counters WHERE name >= 'posts#' AND name < 'posts$')"

/*
 * The lists' version: committed changes to what orders and filters them,
 * counted in the same rows by triggers (see the count_posts_order_changes
 * migration). Filtered counts, filtered pages and deep pages read it with
 * their rows, so what was kept at a version is known to hold (VersionedMemo).
 */
export const POSTS_VERSION =
  "(SELECT sum(changes) FROM counters WHERE name >= 'posts#' AND name < 'posts$')"

/** Positions seen in deep pages, by list. */
export const pageAnchors = new PageAnchors()
/** Filtered lists' counts, by filter values (the sort does not change a count). */
export const filteredTotals = new VersionedMemo<number>(1000)

/** The lists' version alone. */
export async function listsVersion() {
  const [row] = await CommittedRead.of('posts.version', () =>
    db.query().select(db.raw(`${POSTS_VERSION} AS version`))
  ).run()
  return Number(row?.version)
}

/** The total alone (a page past the end has no row to carry it). */
export async function totalCount() {
  const [row] = await CommittedRead.of('posts.total', () =>
    db.query().select(db.raw(`${POSTS_TOTAL} AS total`))
  ).run()
  return Number(row?.total ?? 0)
}

/** A filtered list's count, read with the lists' version and kept under it. */
export async function filteredCount({ filter, values, filterKey }: PageRequest) {
  const [row] = await CommittedRead.of(`posts.count:${filter.key}`, () => {
    const version = db.raw(`${POSTS_VERSION} AS version`)
    const needsRows = (filter.q && !filter.qExact) || filter.maxPrice || filter.author
    if (filter.qPairs === 0 || needsRows) {
      return listSource(filter).query.count('* as total').select(version)
    }
    /* Only the pairs decide: count their index range alone. */
    return pairHolders(filter.qPairs).count('* as total').select(version)
  }).run(values)
  const total = Number(row?.total ?? 0)
  filteredTotals.at(filterKey, Number(row?.version), () => total)
  return total
}

/** Forgets every kept count and position (the data was replaced under the versions, e.g. restored). */
export function forgetLists() {
  pageAnchors.clear()
  filteredTotals.clear()
}
