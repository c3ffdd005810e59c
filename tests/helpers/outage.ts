import { TcpProxy } from '#tests/helpers/tcp_proxy'

/* The server process's environment for PostgreSQL reached through `proxy` (no Redis). */
export function pgBehind(proxy: TcpProxy): Record<string, string> {
  return {
    DB_CONNECTION: 'pg',
    DATABASE_URL: '',
    PG_HOST: '127.0.0.1',
    PG_PORT: String(proxy.port),
    PG_DB_NAME: process.env.PG_DB_NAME ?? 'hankki_test',
    REDIS_HOST: '',
    TOKEN_STORE: '',
  }
}

/* The real PostgreSQL the proxy forwards to. */
export function startPgProxy() {
  return TcpProxy.start(Number(process.env.PG_PORT || 5432), process.env.PG_HOST || '127.0.0.1')
}

/* Whether this run's database is PostgreSQL (the outage tests need its migrated database). */
export const onPostgres = process.env.DB_CONNECTION === 'pg'

export interface TimedResponse {
  status: number
  body: any
  requestId: string | null
  elapsedMs: number
}

/* A request with a hard client-side limit, so a hanging server fails the test instead of stalling it. */
export async function timedFetch(url: string, init: RequestInit = {}): Promise<TimedResponse> {
  const startedAt = Date.now()
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) })
  const text = await response.text()
  return {
    status: response.status,
    body: text.startsWith('{') ? JSON.parse(text) : text,
    requestId: response.headers.get('x-request-id'),
    elapsedMs: Date.now() - startedAt,
  }
}

/* A DB-touching public request: POST /members/validation reads the members table. */
export function checkUsername(baseUrl: string, username: string) {
  return timedFetch(`${baseUrl}/members/validation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  })
}

/* The JSON log lines a server process wrote. */
export function logLines(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
}

/* Polls `condition` every 100 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) {
      return true
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

/*
 * Waits until the DB-touching request succeeds again (after an outage).
 * `unavailable` collects the request ids of the 503s met on the way.
 */
export function recovers(baseUrl: string, unavailable: (string | null)[] = []) {
  return eventually(async () => {
    const response = await checkUsername(baseUrl, 'recovery_probe')
    if (response.status === 503) {
      unavailable.push(response.requestId)
    }
    return response.status === 200
  })
}

/* The status of a GET. */
export async function statusOf(url: string) {
  const response = await timedFetch(url)
  return response.status
}
