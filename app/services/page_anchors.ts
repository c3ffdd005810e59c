/*
 * Positions in recipe lists that this process has seen, so a deep page can
 * seek its first row through the sort's index instead of skipping OFFSET
 * entries of it. Page 2000 of 10 skipped 19,990 index entries: 0.77–1.8 ms of
 * PostgreSQL CPU per request, which made deep pages the slowest reads of the
 * benchmark; a seek costs what page 1 costs.
 *
 * A position is only good for the version of the lists it was seen at: the
 * number of committed changes to what orders and filters them, which every
 * page statement reads in the same snapshot as its rows (see the migration
 * count_posts_order_changes). RecipeQuery keeps a seek's rows only when they
 * come back with the version the position was seen at; otherwise it walks
 * the page with OFFSET, as without a position, and its rows replace this
 * list's positions.
 *
 * Kept per process and bounded, as a plain cache: replicas each learn their
 * own, and a lost entry only costs one OFFSET walk.
 */

/** The row at a position of a list: a seek starts at it (`from`) or just after it (`after`). */
export interface Anchor {
  id: number
  from: boolean
}

interface ListPositions {
  version: number
  anchors: Map<number, Anchor>
}

/* Lists kept (a list is a sort with its filter values), least recently used first out. */
const MAX_LISTS = 1000
/* Positions kept per list, oldest first out. */
const MAX_ANCHORS = 32

export default class PageAnchors {
  /* Pages before this offset walk it: the skip costs less than the seek's extra reads. */
  static readonly MIN_OFFSET = 1000

  readonly #lists = new Map<string, ListPositions>()

  /** The position seen at `offset` of `list`, with the version it was seen at. */
  find(list: string, offset: number): { anchor: Anchor; version: number } | undefined {
    const positions = this.#lists.get(list)
    const anchor = positions?.anchors.get(offset)
    if (!positions || !anchor) {
      return undefined
    }
    this.#lists.delete(list)
    this.#lists.set(list, positions)
    return { anchor, version: positions.version }
  }

  /**
   * A page of `list` starting at `offset` held `ids`, at `version`: its first
   * row is where the same page starts, and when more rows follow (`total`),
   * its last row is where the next page starts.
   */
  remember(list: string, version: number, offset: number, ids: number[], total: number) {
    if (ids.length === 0 || !Number.isSafeInteger(version)) {
      return
    }
    let positions = this.#lists.get(list)
    if (positions && version < positions.version) {
      /* Read by a statement that started before the positions kept now were seen. */
      return
    }
    if (!positions || version > positions.version) {
      positions = { version, anchors: new Map() }
    }
    this.#lists.delete(list)
    this.#lists.set(list, positions)
    if (this.#lists.size > MAX_LISTS) {
      this.#lists.delete(this.#lists.keys().next().value!)
    }

    this.#keep(positions, offset, { id: ids[0], from: true })
    const next = offset + ids.length
    if (next < total) {
      this.#keep(positions, next, { id: ids[ids.length - 1], from: false })
    }
  }

  /** Forgets every position (the data changed under the versions, e.g. a database restored). */
  clear() {
    this.#lists.clear()
  }

  #keep(positions: ListPositions, offset: number, anchor: Anchor) {
    if (offset < PageAnchors.MIN_OFFSET) {
      return
    }
    positions.anchors.delete(offset)
    positions.anchors.set(offset, anchor)
    if (positions.anchors.size > MAX_ANCHORS) {
      positions.anchors.delete(positions.anchors.keys().next().value!)
    }
  }
}
