import type { ApplicationService } from '@adonisjs/core/types'

/*
 * Loaded only when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT, see otel.ts;
 * start/env.ts has copied .env into process.env by the time providers load):
 * the package's provider module loads the whole OpenTelemetry SDK, which a
 * server without tracing never needs.
 */
const otelModule = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
  ? await import('@adonisjs/otel/otel_provider')
  : null
const OtelProvider = otelModule?.default ?? null

/*
 * @adonisjs/otel's provider when tracing is on (binds the otel middleware
 * registered in start/kernel.ts, marks the span of a failed request, flushes
 * pending spans at shutdown); nothing otherwise.
 */
export default class TracingProvider {
  #otel: { register(): void; shutdown(): Promise<void> } | null

  constructor(protected app: ApplicationService) {
    this.#otel = OtelProvider ? new OtelProvider(app) : null
  }

  register() {
    this.#otel?.register()
  }

  async shutdown() {
    await this.#otel?.shutdown()
  }
}
