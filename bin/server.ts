/*
| HTTP server entrypoint: `node ace serve` in development, `node bin/server.js`
| from the compiled build in production.
*/
/* OpenTelemetry first: it must hook the modules it traces before they load (see otel.ts). */
await import('../otel.js')
await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')
const { createServer } = await import('node:http')

const APP_ROOT = new URL('../', import.meta.url)

/* How long SIGTERM waits for running request handlers before closing the pools anyway. */
const DRAIN_TIMEOUT_MS = 25_000

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/*
 * Request handlers still running. The HTTP server's close() only waits for
 * open connections, but a handler keeps running when its client has gone (a
 * login still hashing, say); if the pools closed under it, its next query
 * would open a new pool and keep the process alive after SIGTERM.
 */
let handlersRunning = 0
let onDrained: (() => void) | undefined

function drained(timeoutMs: number) {
  if (handlersRunning === 0) {
    return Promise.resolve(true)
  }
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    onDrained = () => {
      clearTimeout(timer)
      resolve(true)
    }
  })
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    /*
     * Kubernetes sends SIGTERM on rolling updates; `terminate` closes the HTTP
     * server (no new connections, in-flight requests finish), then the hook
     * below waits for running handlers, then the providers close the pools.
     */
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
    /* Registered once started, so it runs after the HTTP server's own close hook. */
    app.ready(() => {
      app.terminating(async () => {
        if (!(await drained(DRAIN_TIMEOUT_MS))) {
          const logger = await app.container.make('logger')
          logger.warn({ handlersRunning }, 'shutting down with request handlers still running')
        }
      })
    })
  })
  .httpServer()
  .start((handler) =>
    createServer(async (request, response) => {
      handlersRunning++
      try {
        await handler(request, response)
      } finally {
        handlersRunning--
        if (handlersRunning === 0) {
          onDrained?.()
        }
      }
    })
  )
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
