import { errors as vineErrors } from '@vinejs/vine'
import { errors as lucidErrors } from '@adonisjs/lucid'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { errors as authErrors } from '@adonisjs/auth'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { failure } from '#services/api_envelope'
import ApiException from '#exceptions/api_exception'
import { SERVER_ERROR_MESSAGE, STATUS_MESSAGES } from '#contract/messages'
import dependencyStatus, { type Dependency } from '#services/dependency_status'

/*
 * A body whose Content-Encoding (gzip, deflate, br) does not decode: zlib's
 * Z_DATA_ERROR / Z_BUF_ERROR, Brotli's ERR__ERROR_*. The client sent bad
 * data (400); an unknown encoding is already a 415 from the body parser.
 */
const UNDECODABLE_BODY_CODES = /^(Z_|ERR__ERROR_)/

/* Connection-level failures of PostgreSQL: the database is down (503). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  /* statement_timeout (config/database.ts): the database did not answer in time. */
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53300',
])

/*
 * pg's own errors for a lost or silent server carry no code: the connection
 * was dropped (mid-request too), the connect timeout fired, query_timeout
 * fired, or the client had already failed. knex's pool wait timing out
 * (KnexTimeoutError) means every connection is stuck on a silent server.
 * knex puts the statement in front of the driver's message ("select … - ").
 */
const DATABASE_DOWN_MESSAGES =
  /(?:^| - )(?:Connection terminated|timeout expired|Query read timeout|Client has encountered a connection error|Client was closed)/

/*
 * ioredis failures that carry no errno code: the command timed out, the
 * retries for it ran out, or the connection is closed. The limiter's Redis
 * store also rethrows refused connections without the code. All mean 503.
 */
const REDIS_DOWN_MESSAGES =
  /^(Command timed out|Connection is closed\.|Reached the max retries per request limit|connect ECONNREFUSED|Stream isn't writeable)/

/*
 * Which dependency an error says is unreachable (a 503), or null. The Redis
 * token store reports its failures as E_TOKEN_STORE_UNAVAILABLE.
 */
export function unavailableDependency(error: unknown): Dependency | null {
  const { name, code, message, status } = (error ?? {}) as ErrorLike
  if (typeof code === 'string') {
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) {
      return 'database'
    }
    if (code === 'E_TOKEN_STORE_UNAVAILABLE' && status === 503) {
      return 'redis'
    }
  }
  if (name === 'MaxRetriesPerRequestError') {
    return 'redis'
  }
  if (typeof message !== 'string') {
    return null
  }
  if (REDIS_DOWN_MESSAGES.test(message)) {
    return 'redis'
  }
  if (name === 'KnexTimeoutError' || DATABASE_DOWN_MESSAGES.test(message)) {
    return 'database'
  }
  return null
}

type ErrorLike = { status?: unknown; code?: unknown; message?: unknown; name?: unknown }

/*
 * The one place that maps every error to the contract's envelope: 400 bad
 * JSON, 401/403/404/409/413/422/429 with their messages (a policy's denial
 * with its own status and message), 503 when a dependency
 * is down, and 500 with the request id only (never a stack trace or SQL).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  async handle(error: unknown, ctx: HttpContext) {
    const { status, body } = this.#render(error, ctx)
    return ctx.response.status(status).send(body)
  }

  /*
   * A 503 is one `warn` line (the request id is bound to ctx.logger) without
   * a stack: an outage is logged once by DependencyStatus, not per request.
   * Any other 5xx is an `error` line with the stack.
   */
  async report(error: unknown, ctx: HttpContext) {
    const status = this.#statusOf(error)
    if (status === 503) {
      const dependency = unavailableDependency(error)
      if (dependency) {
        dependencyStatus.markDown(dependency, error)
      }
      ctx.logger.warn({ status, dependency }, 'dependency unavailable')
    } else if (status >= 500) {
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
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      /* The policy's status (403, or 404 for items a non-owner may not know of). */
      return error.response.status ?? error.status
    }
    const { status, code } = (error ?? {}) as ErrorLike
    if (typeof code === 'string' && UNDECODABLE_BODY_CODES.test(code)) {
      return 400
    }
    if (unavailableDependency(error)) {
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

    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      return {
        status,
        body: failure(error.response.message ?? STATUS_MESSAGES[status] ?? STATUS_MESSAGES[403]),
      }
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
