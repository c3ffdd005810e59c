/*
 * What the app measures, for Prometheus (contract §7). The recorder exists
 * only when METRICS_PORT is set (providers/metrics_provider.ts starts it);
 * otherwise `metrics.recorder` stays null and every hook below is one
 * property read, so a server without metrics pays nothing per request.
 */
export interface MetricsRecorder {
  /** One finished HTTP response: its route pattern (not the raw path), status and duration. */
  observeRequest(method: string, route: string, status: number, seconds: number): void
  /** The token store failed to answer (it is then a 503). */
  tokenStoreError(store: string): void
  /** A rate limiter's store failed to answer (it is then a 503). */
  limiterError(limiter: string): void
}

export const metrics: { recorder: MetricsRecorder | null } = { recorder: null }
