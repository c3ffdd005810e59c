/*
 * OpenTelemetry, imported by bin/server.ts before anything else so that the
 * modules it traces (http, pg, knex, ioredis) are loaded after its hooks.
 * @adonisjs/otel's init registers module hooks before it reads its config, so
 * it is not even imported unless OTEL_EXPORTER_OTLP_ENDPOINT is set: without
 * an endpoint tracing costs nothing, neither at start nor per request.
 */
import env from '#start/env'

if (env.get('OTEL_EXPORTER_OTLP_ENDPOINT')) {
  /* Traces only: metrics are Prometheus' (METRICS_PORT) and logs go to stdout. */
  process.env.OTEL_METRICS_EXPORTER ??= 'none'
  process.env.OTEL_LOGS_EXPORTER ??= 'none'
  const { init } = await import('@adonisjs/otel/init')
  await init(import.meta.dirname)
}
