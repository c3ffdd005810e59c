import type { ApplicationService } from '@adonisjs/core/types'
import { metrics } from '#services/metrics'
import type { PrometheusMetrics } from '#services/prometheus_metrics'
import dependencyStatus from '#services/dependency_status'

/*
 * Prometheus metrics for the HTTP server when METRICS_PORT is set: a
 * listener of their own on HOST:METRICS_PORT (scraped inside the cluster,
 * never exposed through the public port or the Service). Without
 * METRICS_PORT nothing is loaded and nothing is measured.
 */
export default class MetricsProvider {
  #prometheus: PrometheusMetrics | null = null

  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web') {
      return
    }
    const { default: env } = await import('#start/env')
    const port = env.get('METRICS_PORT')
    if (!port) {
      return
    }
    const { PrometheusMetrics } = await import('#services/prometheus_metrics')
    const prometheus = new PrometheusMetrics()
    await prometheus.listen(port, env.get('HOST'))
    this.#prometheus = prometheus
    metrics.recorder = prometheus
    const logger = await this.app.container.make('logger')
    logger.info({ port }, 'metrics listening on /metrics')
  }

  async shutdown() {
    dependencyStatus.stop()
    metrics.recorder = null
    await this.#prometheus?.close()
  }
}
