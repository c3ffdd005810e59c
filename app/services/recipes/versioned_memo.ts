import { LRUCache } from 'lru-cache'

/*
 * What this process has read about recipe lists, kept for as long as the
 * lists' version lasts: the number of committed changes to what orders and
 * filters them (see the migration count_posts_order_changes). A statement
 * that reads the version with its rows tells whether a kept value still
 * holds: two statements that read the same version saw the same lists.
 *
 * Per process and bounded (least recently used out first), as a plain cache:
 * replicas each learn their own, and a lost entry only costs the read again.
 */
export default class VersionedMemo<Value> {
  readonly #entries: LRUCache<string, { version: number; value: Value }>

  constructor(readonly maxEntries: number) {
    this.#entries = new LRUCache({ max: maxEntries })
  }

  /** The value kept for `key`, with the version it was read at. */
  get(key: string): { version: number; value: Value } | undefined {
    return this.#entries.get(key)
  }

  /**
   * The value to update for `key` at `version`: the kept one when it was read
   * at that version, a new one (`fresh()`) replacing it when `version` is
   * newer, and undefined when `version` is older (read by a statement that
   * started before the kept value was read).
   */
  at(key: string, version: number, fresh: () => Value): Value | undefined {
    if (!Number.isSafeInteger(version)) {
      return undefined
    }
    const kept = this.get(key)
    if (kept && version < kept.version) {
      return undefined
    }
    if (kept && version === kept.version) {
      return kept.value
    }
    const value = fresh()
    this.#entries.set(key, { version, value })
    return value
  }

  /** Forgets everything (the data changed under the versions, e.g. a database restored). */
  clear() {
    this.#entries.clear()
  }
}
