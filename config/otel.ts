import env from '#start/env'
import { defineConfig } from '@adonisjs/otel'

/*
 * OpenTelemetry traces (contract §7), loaded by otel.ts only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: spans of every HTTP request (named by
 * route pattern by the otel middleware), of every knex query, of the pg
 * driver's statements (the compiled reads of app/services/compiled_query.ts
 * go around knex) and of Redis commands, exported over OTLP (the SDK reads
 * the standard OTEL_* variables: endpoint, protocol, headers, sampler). The
 * package's defaults leave /health/* and /metrics untraced.
 */
export default defineConfig({
  enabled: Boolean(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')),
  serviceName: env.get('OTEL_SERVICE_NAME') || 'hankki-eolma',
  environment: env.get('NODE_ENV'),
  instrumentations: {
    '@opentelemetry/instrumentation-pg': { enabled: true },
  },
})
