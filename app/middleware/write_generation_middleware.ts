import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import WriteGeneration from '#services/write_generation'
import { isSafeMethod } from '#services/http_methods'

/*
 * After a request that may have written (any method but GET, HEAD and
 * OPTIONS) and succeeded, moves the write generation on (WriteGeneration),
 * before the answer leaves: once a client has its answer, no process serves
 * it what it read before that write. Refused and failed requests committed
 * nothing (their transactions rolled back), so they move nothing.
 */
export default class WriteGenerationMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (isSafeMethod(ctx.request.method())) {
      return next()
    }
    await next()
    if (ctx.response.getStatus() < 400) {
      await WriteGeneration.advance()
    }
  }
}
