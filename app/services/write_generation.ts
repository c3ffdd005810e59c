import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import { redisEnabled } from '#config/redis'

/* The Redis key (under REDIS_KEY_PREFIX) holding the current generation. */
const KEY = 'write-generation'

/*
 * A value shared by every process through Redis that changes after each
 * write the API commits (WriteGenerationMiddleware) and after each ace
 * command that writes. A process that kept something it read from the
 * database, with the generation read before it, may answer it again while
 * the generation is the same: no write through any process has been
 * acknowledged since. It is a random value, not a counter: a Redis that
 * restarted empty can never give back an old value.
 *
 * Writes made outside the API and the commands (psql, a restore) do not
 * change it: readers bound how long they trust it (see plan_contents.ts).
 * Without Redis there is no generation and readers ask the database.
 */
export default class WriteGeneration {
  static readonly enabled = redisEnabled

  /**
   * The current generation, or null when there is none to trust (no Redis,
   * or Redis failed: the caller reads the database instead). Callers of one
   * tick share one GET, sent on the next tick: every one of their requests
   * had arrived before it left, so it sees every write acknowledged before
   * any of them, as a GET of their own would.
   */
  static current(): Promise<string | null> {
    if (!this.enabled) {
      return Promise.resolve(null)
    }
    this.#next ??= new Promise((resolve) => {
      process.nextTick(() => {
        this.#next = undefined
        resolve(this.#read())
      })
    })
    return this.#next
  }

  /* The GET shared by this tick's callers of current(). */
  static #next?: Promise<string | null>

  static async #read(): Promise<string | null> {
    try {
      const redis = await this.#client()
      const value = await redis.get(KEY)
      if (value !== null) {
        return value
      }
      /* Empty after a Redis restart: start one (another process may win the race). */
      await redis.set(KEY, randomUUID(), 'NX')
      return await redis.get(KEY)
    } catch {
      return null
    }
  }

  /**
   * Moves the generation on, after a write committed. A failure is logged
   * and not thrown: the write itself stands, and readers recheck the
   * database within their bound.
   */
  static async advance(): Promise<void> {
    if (!this.enabled) {
      return
    }
    try {
      const redis = await this.#client()
      await redis.set(KEY, randomUUID())
    } catch (error) {
      logger.warn(
        { reason: String((error as Error)?.message ?? error) },
        'write generation not moved on'
      )
    }
  }

  /* Imported on first use: processes without Redis never load it. */
  static #redis?: Promise<typeof import('@adonisjs/redis/services/main')>

  static async #client() {
    this.#redis ??= import('@adonisjs/redis/services/main')
    const { default: redis } = await this.#redis
    return redis.connection('main')
  }
}
