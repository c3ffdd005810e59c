import { inject } from '@adonisjs/core'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import stringHelpers from '@adonisjs/core/helpers/string'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import bodyParserConfig from '#config/bodyparser'
import ApiException from '#exceptions/api_exception'
import { BODY_NOT_UTF8_MESSAGE } from '#contract/messages'
import { Utf8BodyWatch } from '#services/utf8_body_watch'

/* The bodies the framework's parser reads as UTF-8 text, with their size limits. */
const TEXT_BODIES = [bodyParserConfig.json, bodyParserConfig.form, bodyParserConfig.raw].map(
  ({ types, limit }) => ({ types, limit: stringHelpers.bytes.parse(limit) ?? Infinity })
)

/*
 * The framework's body parser, plus contract §1's "a body that is not valid
 * UTF-8 is 400": the parser would read invalid bytes as U+FFFD, so the bytes
 * are checked while it reads them (Utf8BodyWatch) and the verdict is given
 * once the body is parsed, before any later middleware or the controller.
 */
@inject()
export default class BodyParserWithUtf8Check {
  constructor(protected bodyParser: BodyParserMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const watch = this.#watch(ctx)
    if (!watch) {
      return this.bodyParser.handle(ctx, next)
    }
    try {
      return await this.bodyParser.handle(ctx, async () => {
        const valid = await watch.valid()
        watch.stop()
        if (!valid) {
          throw ApiException.badRequest(BODY_NOT_UTF8_MESSAGE)
        }
        return next()
      })
    } finally {
      watch.stop()
    }
  }

  /* A watch when the parser is going to read the body as text. */
  #watch({ request }: HttpContext) {
    if (!bodyParserConfig.allowedMethods.includes(request.method()) || !request.hasBody()) {
      return null
    }
    const body = TEXT_BODIES.find(({ types }) => request.is(types))
    return body ? Utf8BodyWatch.arm(request.request, body.limit) : null
  }
}
