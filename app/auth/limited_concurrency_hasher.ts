import type { HashDriverContract } from '@adonisjs/core/types/hash'

/*
 * A password hasher that runs at most `concurrency` hashes at a time and
 * queues the rest here, in arrival order.
 *
 * scrypt runs on libuv's thread pool, which also runs the HMAC of every JWT
 * signed or verified through WebCrypto (jose). The pool takes jobs first in,
 * first out: during a burst of logins, every authenticated request's token
 * check waited behind all queued hashes (100 ms each), and each login's own
 * token signing waited behind the other logins' hashes, so a burst of 50
 * logins answered all of them together after ~4 s. Keeping one pool thread
 * free of hashing (config/hash.ts) lets tokens through at once, and logins
 * finish one after another at the hashing rate.
 */
export default class LimitedConcurrencyHasher implements HashDriverContract {
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor(
    readonly driver: HashDriverContract,
    readonly concurrency: number
  ) {}

  isValidHash(value: string) {
    return this.driver.isValidHash(value)
  }

  needsReHash(hashedValue: string) {
    return this.driver.needsReHash(hashedValue)
  }

  make(value: string) {
    return this.#limited(() => this.driver.make(value))
  }

  verify(hashedValue: string, plainValue: string) {
    return this.#limited(() => this.driver.verify(hashedValue, plainValue))
  }

  /** Hashes running now and waiting for a slot. */
  get load() {
    return { running: this.#running, waiting: this.#waiting.length }
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#running++
    }
    try {
      return await work()
    } finally {
      /* The slot passes straight to the next in line, or is given back. */
      const next = this.#waiting.shift()
      if (next) {
        next()
      } else {
        this.#running--
      }
    }
  }
}
