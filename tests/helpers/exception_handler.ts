import { HttpContextFactory } from '@adonisjs/core/factories/http'
import HttpExceptionHandler from '#exceptions/handler'

/* Renders an error through the app's exception handler, outside HTTP. */
export async function renderError(error: unknown) {
  const ctx = new HttpContextFactory().create()
  await new HttpExceptionHandler().handle(error, ctx)
  const body = ctx.response.getBody()
  return {
    status: ctx.response.getStatus(),
    body: typeof body === 'string' ? JSON.parse(body) : body,
    authenticate: ctx.response.getHeader('www-authenticate'),
  }
}
