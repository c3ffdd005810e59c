import { LRUCache } from 'lru-cache'
import VersionedMemo from '#services/recipes/versioned_memo'

/*
 * Positions in recipe lists that this process has seen, so a deep page can
 * seek its first row through the sort's index instead of skipping OFFSET
 * entries of it. Page 2000 of 10 skipped 19,990 index entries: 0.77–2.2 ms of
 * PostgreSQL CPU per request, which made deep pages the slowest reads of the
 * benchmark; a seek costs what page 1 costs.
 *
 * A position is only good for the lists' version it was seen at
 * (VersionedMemo). The list (list_page.ts) keeps a seek's rows only when they come back
 * with that version; otherwise it walks the page with OFFSET, as without a
 * position, and the walked rows replace the list's positions.
 */

/** The row at a position of a list: a seek starts at it (`from`) or just after it (`after`). */
export interface Anchor {
  id: number
  from: boolean
}

/* Lists kept (a list is a sort with its filter values). */
const MAX_LISTS = 1000
/* Positions kept per list, least recently kept first out. */
const MAX_ANCHORS = 32

export default class PageAnchors {
  /* Pages before this offset walk it: the skip costs less than the seek's extra reads. */
  static readonly MIN_OFFSET = 1000

  readonly #lists = new VersionedMemo<LRUCache<number, Anchor>>(MAX_LISTS)

  /** The position seen at `offset` of `list`, with the version it was seen at. */
  find(list: string, offset: number): { anchor: Anchor; version: number } | undefined {
    const positions = this.#lists.get(list)
    const anchor = positions?.value.peek(offset)
    return anchor && { anchor, version: positions!.version }
  }

  /**
   * A page of `list` starting at `offset` held `ids`, at `version`: its first
   * row is where the same page starts, and when more rows follow (`total`),
   * its last row is where the next page starts.
   */
  remember(list: string, version: number, offset: number, ids: number[], total: number) {
    if (ids.length === 0) {
      return
    }
    const positions = this.#lists.at(list, version, () => new LRUCache({ max: MAX_ANCHORS }))
    if (!positions) {
      return
    }
    this.#keep(positions, offset, { id: ids[0], from: true })
    const next = offset + ids.length
    if (next < total) {
      this.#keep(positions, next, { id: ids[ids.length - 1], from: false })
    }
  }

  clear() {
    this.#lists.clear()
  }

  #keep(positions: LRUCache<number, Anchor>, offset: number, anchor: Anchor) {
    if (offset >= PageAnchors.MIN_OFFSET) {
      positions.set(offset, anchor)
    }
  }
}
