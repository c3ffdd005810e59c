import { POST_LIMITS } from '#validators/post'
import * as transform from '#transformers/recipe_transformer'
import { characterPairs, pairMatchFor } from '#services/recipes/title_search'
import { filterShape, filterValues, type ListParams } from '#services/recipes/list_filter'
import { pageRows, type PageRequest } from '#services/recipes/list_page'
import {
  filteredCount,
  filteredTotals,
  listsVersion,
  totalCount,
} from '#services/recipes/list_cache'

/*
 * GET /posts: a page of recipes. Every answer costs a fixed number of SQL
 * statements, whatever the page size or the number of comments and likes:
 * - without filters: 1 (the page's ids joined with their rows and authors,
 *   and the total from `counters` in the same statement); 2 when the page
 *   lies past the end (then the total alone);
 * - filtered: 2 (the filtered count, then the page); 1 past the end; while a
 *   count read earlier still holds (same version of the lists): 1 (the
 *   page), or past the end 1 (the version alone); after a change, 1 more
 *   (the page or the version, then as the first time);
 * - a deep page seeking from a position that a change has made stale
 *   (PageAnchors): 1 more, the page walked with OFFSET.
 */
export default class RecipeListing {
  static async list(params: ListParams) {
    const pageNo = params.pageNo ?? 1
    const pageSize = params.pageSize ?? POST_LIMITS.pageSizeDefault
    const sort = params.sort ?? 'latest'
    const pairs = params.q ? characterPairs(params.q) : []
    const filter = filterShape(params, pairs)
    const values = filterValues(params, pairs)

    const offset = (pageNo - 1) * pageSize
    const filterKey = JSON.stringify([values.q, values.maxPrice, values.author])
    const page: PageRequest = { sort, filter, pageSize, offset, values, filterKey }
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
    const rows = await pageRows(page, 'narrow')
    const total = rows.length > 0 ? Number(rows[0].total) : await totalCount()
    return { rows, total }
  }

  /*
   * A filtered list's page and count. The count reads every match, so it is
   * kept by filter values for as long as the lists' version lasts: a page
   * read at the version its count was read at needs no count. The first
   * time, and after a change, the count is read (with its version) as well.
   */
  static async #filteredPage(page: PageRequest) {
    const { filter, offset, filterKey } = page
    const known = filteredTotals.get(filterKey)
    if (known && offset < known.value) {
      const rows = await pageRows(page, pairMatchFor(filter.qPairs, known.value), known.value)
      if (rows.length > 0 && Number(rows[0].version) === known.version) {
        return { rows, total: known.value }
      }
      /* The rows stand (read in one snapshot, as after a count); the count is read anew. */
      return { rows, total: await filteredCount(page) }
    }
    if (known && (await listsVersion()) === known.version) {
      /* Past the end of a list whose count still holds. */
      return { rows: [], total: known.value }
    }
    const total = await filteredCount(page)
    const rows =
      offset < total ? await pageRows(page, pairMatchFor(filter.qPairs, total), total) : []
    return { rows, total }
  }
}
