/* OpenAPI paths of contract §7 (operations). */
import { envelope, ref } from '#openapi/schemas'
import { type Operation, requestIdHeader, reply, op } from '#openapi/operations'

export const operationPaths: Record<string, Record<string, Operation>> = {
  /* §7 Operations */
  '/health/live': {
    get: op('operations', 'live', 'Liveness: the process answers', {
      security: [{}],
      responses: {
        200: reply('Alive', envelope('ok', { status: { const: 'ok' } })),
      },
    }),
  },
  '/health/ready': {
    get: op('operations', 'ready', 'Readiness: database, and Redis when configured', {
      security: [{}],
      responses: {
        200: reply('Every dependency answers', ref('Readiness')),
        503: reply('A dependency is down; `message` and `checks` name it', ref('Readiness')),
      },
    }),
  },
  '/openapi.json': {
    get: op('operations', 'openapi', 'This OpenAPI 3.1 document', {
      security: [{}],
      responses: {
        200: {
          description: 'The document',
          headers: requestIdHeader,
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    }),
  },
  '/docs': {
    get: op('operations', 'docs', 'A self-contained HTML page that renders this document', {
      security: [{}],
      responses: {
        200: {
          description: 'HTML page (no external resources)',
          headers: requestIdHeader,
          content: { 'text/html': { schema: { type: 'string' } } },
        },
      },
    }),
  },
}
