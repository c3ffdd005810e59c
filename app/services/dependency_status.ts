import logger from '@adonisjs/core/services/logger'

export type Dependency = 'database' | 'redis'

/* How often a dependency that went down is asked again whether it is back. */
const PROBE_INTERVAL_MS = 1000

/* A cheap round trip to the dependency; rejects while it is down. */
const PROBES: Record<Dependency, () => Promise<unknown>> = {
  async database() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    await db.connection().rawQuery('select 1')
  },
  async redis() {
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await redis.connection('main').ping()
  },
}

function reasonOf(error: unknown) {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return { code: typeof code === 'string' ? code : undefined, reason: String(message ?? error) }
}

/*
 * Whether each dependency is up, as the requests and readiness checks find it.
 * An outage is logged as one `error` line when a dependency is first found
 * down and one `info` line when it answers again (never a stack trace per
 * request). While a dependency is down it is probed every second in the
 * background, so its recovery is noticed (and logged) without waiting for a
 * request or a readiness check. Nothing runs while everything is up.
 */
export class DependencyStatus {
  #downSince = new Map<Dependency, number>()
  #probing = new Map<Dependency, NodeJS.Timeout>()
  #stopped = false

  isUp(dependency: Dependency) {
    return !this.#downSince.has(dependency)
  }

  /** `dependency` failed to answer (`error` says how). Logs only the transition. */
  markDown(dependency: Dependency, error: unknown) {
    if (this.#downSince.has(dependency)) {
      return
    }
    this.#downSince.set(dependency, Date.now())
    logger.error({ dependency, ...reasonOf(error) }, 'dependency down')
    this.#scheduleProbe(dependency)
  }

  /** `dependency` answered. Logs only the transition. */
  markUp(dependency: Dependency) {
    const since = this.#downSince.get(dependency)
    if (since === undefined) {
      return
    }
    this.#downSince.delete(dependency)
    clearTimeout(this.#probing.get(dependency))
    this.#probing.delete(dependency)
    logger.info({ dependency, down_ms: Date.now() - since }, 'dependency up')
  }

  /** Stops the background probes (at shutdown, once the pools are closing). */
  stop() {
    this.#stopped = true
    for (const timer of this.#probing.values()) {
      clearTimeout(timer)
    }
    this.#probing.clear()
  }

  #scheduleProbe(dependency: Dependency) {
    if (this.#stopped) {
      return
    }
    const timer = setTimeout(async () => {
      try {
        await PROBES[dependency]()
        this.markUp(dependency)
      } catch {
        if (this.#downSince.has(dependency)) {
          this.#scheduleProbe(dependency)
        }
      }
    }, PROBE_INTERVAL_MS)
    /* Never what keeps the process alive. */
    timer.unref()
    this.#probing.set(dependency, timer)
  }
}

const dependencyStatus = new DependencyStatus()
export default dependencyStatus
