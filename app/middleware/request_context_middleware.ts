import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import { failure } from '#services/api_envelope'
import { BAD_REQUEST_MESSAGE } from '#contract/messages'
import { metrics } from '#services/metrics'

/* An incoming X-Request-Id is echoed only when it is a short, plain token. */
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/

/*
 * Runs first for every request:
 * - fixes the request id (echoed in X-Request-Id and bound to every log line
 *   of the request);
 * - makes every response JSON: the API never renders errors as HTML;
 * - writes one access-log line per response with method, path, status and
 *   duration. It never logs headers, bodies or query strings, so tokens and
 *   passwords cannot reach the logs; that is why the line goes to the
 *   `access` logger, which skips the path-based redaction (a fifth of a small
 *   request's CPU time when applied to every line);
 * - feeds the Prometheus request metrics from the same hook, by route pattern
 *   (never the raw path), when metrics are on (METRICS_PORT).
 */
export default class RequestContextMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const headers = ctx.request.request.headers
    const incoming = headers['x-request-id']
    if (typeof incoming !== 'string' || !SANE_REQUEST_ID.test(incoming)) {
      delete headers['x-request-id']
    }
    headers.accept = 'application/json'

    const startedAt = process.hrtime.bigint()
    const requestId = ctx.request.id()!
    ctx.response.header('X-Request-Id', requestId)

    const response = ctx.response.response
    const recorder = metrics.recorder
    response.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6
      recorder?.observeRequest(
        ctx.request.method(),
        ctx.route?.pattern ?? 'unmatched',
        response.statusCode,
        durationMs / 1000
      )
      logger.use('access').info(
        {
          request_id: requestId,
          method: ctx.request.method(),
          path: ctx.request.url(),
          status: response.statusCode,
          duration_ms: Math.round(durationMs * 100) / 100,
        },
        'request completed'
      )
    })

    await next()
  }
}

/**
 * The answer to a path that does not percent-decode (`/posts/%ZZ`). The
 * framework rejects it while making the request object, before any
 * middleware or the exception handler runs, and calls this instead
 * (config/app.ts `onBadUrl`): the contract's 400 envelope, the request id and
 * the access-log line are written here.
 */
export function answerBadUrl(request: IncomingMessage, response: ServerResponse) {
  const incoming = request.headers['x-request-id']
  const requestId =
    typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
  const body = JSON.stringify(failure(BAD_REQUEST_MESSAGE))
  response.writeHead(400, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Request-Id': requestId,
  })
  response.end(body)
  logger.use('access').info(
    {
      request_id: requestId,
      method: request.method,
      path: (request.url ?? '').split('?')[0],
      status: 400,
      duration_ms: 0,
    },
    'request completed'
  )
}
