import { createServer, type Server } from 'node:http'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import db from '@adonisjs/lucid/services/db'
import { redisEnabled } from '#config/redis'
import dependencyStatus, { type Dependency } from '#services/dependency_status'
import type { MetricsRecorder } from '#services/metrics'

type Labels = 'method' | 'route' | 'status'

/*
 * The Prometheus metrics of one server process, served in the text format on
 * a listener of their own (GET /metrics on METRICS_PORT), never on the public
 * port. Per request: one counter and one histogram observation, through
 * label children cached per (method, route, status), so no label hashing on
 * the hot path. Pool and dependency gauges are read when scraped.
 */
export class PrometheusMetrics implements MetricsRecorder {
  readonly registry = new Registry()
  #server: Server | null = null

  #requests = new Counter<Labels>({
    name: 'hankki_http_requests_total',
    help: 'HTTP responses by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  })

  #duration = new Histogram<Labels>({
    name: 'hankki_http_request_duration_seconds',
    help: 'HTTP response time by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  })

  #tokenStoreErrors = new Counter<'store'>({
    name: 'hankki_token_store_errors_total',
    help: 'Token store operations that failed (the store did not answer)',
    labelNames: ['store'],
    registers: [this.registry],
  })

  #limiterErrors = new Counter<'limiter'>({
    name: 'hankki_limiter_errors_total',
    help: 'Rate limiter operations that failed (the limiter store did not answer)',
    labelNames: ['limiter'],
    registers: [this.registry],
  })

  #children = new Map<string, { count: Counter.Internal; duration: Histogram.Internal<Labels> }>()

  constructor() {
    const poolGauge = (name: string, help: string, read: (pool: TarnPool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const pool = primaryPool()
          this.set(pool ? read(pool) : 0)
        },
      })
    poolGauge('hankki_db_pool_connections_in_use', 'Pooled database connections lent out', (p) =>
      p.numUsed()
    )
    poolGauge('hankki_db_pool_connections_free', 'Idle pooled database connections', (p) =>
      p.numFree()
    )
    poolGauge('hankki_db_pool_pending_acquires', 'Requests waiting for a pooled connection', (p) =>
      p.numPendingAcquires()
    )

    const dependencies: Dependency[] = redisEnabled ? ['database', 'redis'] : ['database']
    new Gauge<'dependency'>({
      name: 'hankki_dependency_up',
      help: 'Whether a dependency answers (1) or is down (0), as requests and readiness checks find it',
      labelNames: ['dependency'],
      registers: [this.registry],
      collect() {
        for (const dependency of dependencies) {
          this.set({ dependency }, dependencyStatus.isUp(dependency) ? 1 : 0)
        }
      },
    })

    collectDefaultMetrics({ register: this.registry })
  }

  observeRequest(method: string, route: string, status: number, seconds: number) {
    const key = `${method} ${status} ${route}`
    let child = this.#children.get(key)
    if (!child) {
      const labels = { method, route, status: String(status) }
      child = { count: this.#requests.labels(labels), duration: this.#duration.labels(labels) }
      this.#children.set(key, child)
    }
    child.count.inc()
    child.duration.observe(seconds)
  }

  tokenStoreError(store: string) {
    this.#tokenStoreErrors.inc({ store })
  }

  limiterError(limiter: string) {
    this.#limiterErrors.inc({ limiter })
  }

  /** Serves GET /metrics on `port` (every other path is 404). */
  async listen(port: number, host: string) {
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?', 1)[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
        return
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n')
      )
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    this.#server = server
  }

  async close() {
    const server = this.#server
    this.#server = null
    if (server) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/* tarn's public pool API, as far as the gauges read it. */
interface TarnPool {
  numUsed(): number
  numFree(): number
  numPendingAcquires(): number
}

/* The primary connection's pool, if the connection is open (never opens one). */
function primaryPool(): TarnPool | null {
  return db.manager.get(db.primaryConnectionName)?.connection?.pool ?? null
}
