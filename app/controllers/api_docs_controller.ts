import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import { openApiDocument } from '../openapi/document.js'
import { docsPage } from '../openapi/docs_page.js'

/* Built once: the document only depends on APP_URL. */
let documentJson: string | undefined

export default class ApiDocsController {
  async document({ response }: HttpContext) {
    documentJson ??= JSON.stringify(openApiDocument(env.get('APP_URL')))
    response.header('Content-Type', 'application/json; charset=utf-8')
    response.header('Cache-Control', 'public, max-age=300')
    return response.send(documentJson)
  }

  async page({ response }: HttpContext) {
    response.header('Content-Type', 'text/html; charset=utf-8')
    /* Inline script and style only; nothing is loaded from elsewhere. */
    response.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"
    )
    return response.send(docsPage)
  }
}
