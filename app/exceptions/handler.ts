import { errors as vineErrors } from '@vinejs/vine'
import { errors as lucidErrors } from '@adonisjs/lucid'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { errors as authErrors } from '@adonisjs/auth'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { failure } from '#services/api_envelope'
import ApiException from '#exceptions/api_exception'
import { SERVER_ERROR_MESSAGE, STATUS_MESSAGES } from '#contract/messages'

/*
 * A body whose Content-Encoding (gzip, deflate, br) does not decode: zlib's
 * Z_DATA_ERROR / Z_BUF_ERROR, Brotli's ERR__ERROR_*. The client sent bad
 * data (400); an unknown encoding is already a 415 from the body parser.
 */
const UNDECODABLE_BODY_CODES = /^(Z_|ERR__ERROR_)/

/* Connection-level failures of PostgreSQL or Redis: a dependency is down (503). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '53300',
])

/*
 * ioredis failures that carry no errno code: the command timed out, the
 * retries for it ran out, or the connection is closed. The limiter's Redis
 * store also rethrows refused connections without the code. All mean 503.
 */
const REDIS_DOWN_MESSAGES =
  /^(Command timed out|Connection is closed\.|Reached the max retries per request limit|connect ECONNREFUSED|Stream isn't writeable)/

function isRedisDown(error: unknown) {
  const { name, message } = (error ?? {}) as ErrorLike
  return (
    name === 'MaxRetriesPerRequestError' ||
    (typeof message === 'string' && REDIS_DOWN_MESSAGES.test(message))
  )
}

type ErrorLike = { status?: unknown; code?: unknown; message?: unknown; name?: unknown }

/*
 * The one place that maps every error to the contract's envelope: 400 bad
 * JSON, 401/403/404/409/413/422/429 with their messages, 503 when a dependency
 * is down, and 500 with the request id only (never a stack trace or SQL).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  async handle(error: unknown, ctx: HttpContext) {
    const { status, body } = this.#render(error, ctx)
    return ctx.response.status(status).send(body)
  }

  async report(error: unknown, ctx: HttpContext) {
    const status = this.#statusOf(error)
    if (status >= 500) {
      ctx.logger.error({ err: error, status }, 'request failed')
    }
  }

  #statusOf(error: unknown): number {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      return 422
    }
    if (error instanceof lucidErrors.E_ROW_NOT_FOUND) {
      return 404
    }
    const { status, code } = (error ?? {}) as ErrorLike
    if (typeof code === 'string' && UNDECODABLE_BODY_CODES.test(code)) {
      return 400
    }
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || isRedisDown(error)) {
      return 503
    }
    if (typeof status === 'number' && status >= 400 && status < 600) {
      return status
    }
    return 500
  }

  /*
   * The auth middleware's generic "Unauthorized access" is replaced by the
   * jwt guard's reason: "인증이 필요합니다" without a token, "유효하지 않은 토큰"
   * for a rejected one.
   */
  #unauthorizedMessage(ctx: HttpContext) {
    return ctx.auth?.use('jwt').failureMessage ?? STATUS_MESSAGES[401]
  }

  #render(error: unknown, ctx: HttpContext): { status: number; body: object } {
    const status = this.#statusOf(error)

    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const details = error.messages as { field: string; rule: string; message: string }[]
      return {
        status,
        body: failure(STATUS_MESSAGES[422], {
          errors: details.map(({ field, rule, message }) => ({ field, rule, message })),
        }),
      }
    }

    if (error instanceof authErrors.E_UNAUTHORIZED_ACCESS) {
      ctx.response.header('WWW-Authenticate', 'Bearer')
      return { status: 401, body: failure(this.#unauthorizedMessage(ctx)) }
    }

    if (error instanceof ApiException) {
      if (status === 401) {
        ctx.response.header('WWW-Authenticate', 'Bearer')
      }
      return { status, body: failure(error.message) }
    }

    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      for (const [name, value] of Object.entries(error.getDefaultHeaders())) {
        ctx.response.header(name, value)
      }
    }

    if (status === 401) {
      ctx.response.header('WWW-Authenticate', 'Bearer')
    }

    if (status >= 500 && status !== 503) {
      return {
        status: 500,
        body: failure(SERVER_ERROR_MESSAGE, { request_id: ctx.request.id() }),
      }
    }

    return { status, body: failure(STATUS_MESSAGES[status] ?? STATUS_MESSAGES[400]) }
  }
}
