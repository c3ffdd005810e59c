/* The building blocks of the OpenAPI document's operations, shared by app/openapi/paths/*. */
import { envelope, ref, schemas } from '#openapi/schemas'
import { COST_HISTORY_LIMITS, MAX_ID } from '#contract/limits'
import {
  REFRESH_FAILED_MESSAGE,
  ROUTE_NOT_FOUND_MESSAGE,
  SUCCESS_MESSAGES,
} from '#contract/messages'

/*
 * Every route of start/routes.ts, with its parameters, bodies and responses
 * (shared/api-contract.md §3–§7). tests/functional/openapi.spec.ts keeps this
 * list and the router in step.
 */

export type Schema = Record<string, unknown>
export type Operation = Record<string, unknown>

/* The fields of a component schema, to inline them at the top level of an envelope. */
export const propertiesOf = (name: string) => schemas[name].properties as Record<string, Schema>

export const json = (schema: Schema) => ({ 'application/json': { schema } })

export const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } }

/** A documented response: JSON body, always with X-Request-Id. */
export function reply(description: string, schema: Schema, headers: Record<string, unknown> = {}) {
  return { description, headers: { ...requestIdHeader, ...headers }, content: json(schema) }
}

export const failed = (name: string) => ({ $ref: `#/components/responses/${name}` })

/** A specific failure message for a status. */
export function failedWith(description: string, ...messages: string[]) {
  return reply(description, {
    allOf: [ref('Failure'), { properties: { message: { enum: messages } } }],
  })
}

/**
 * 404 of an operation that names a resource by id: the resource's message for
 * a well-formed id (1 … 2,147,483,647) that names nothing; anything else in
 * the id slot matches no route (contract §1).
 */
export function unknownId(description: string, ...messages: string[]) {
  return failedWith(
    `${description}; any other value in the id slot: "${ROUTE_NOT_FOUND_MESSAGE}"`,
    ...messages,
    ROUTE_NOT_FOUND_MESSAGE
  )
}

export const setsAuthCookies = {
  'Set-Cookie': {
    description:
      '`access_token_cookie`, `refresh_token_cookie` (HttpOnly), `csrf_access_token`, `csrf_refresh_token`; SameSite=Lax, Path=/, Secure when COOKIE_SECURE',
    schema: { type: 'string' },
  },
}

export const rateLimited = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/XRateLimitLimit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/XRateLimitRemaining' },
}

/* Security requirements (alternatives): Bearer, or the cookie plus the CSRF header on writes. */
export const readAuth = [{ bearerAuth: [] }, { cookieAuth: [] }]
export const writeAuth = [{ bearerAuth: [] }, { cookieAuth: [], csrfHeader: [] }]
export const optionalAuth = [{}, ...readAuth]

export const idParam = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'integer', minimum: 1, maximum: MAX_ID },
})

export function op(tag: string, operationId: string, summary: string, rest: Operation): Operation {
  return {
    tags: [tag],
    operationId,
    summary,
    parameters: [
      { $ref: '#/components/parameters/XRequestId' },
      ...((rest.parameters as []) ?? []),
    ],
    ...Object.fromEntries(Object.entries(rest).filter(([key]) => key !== 'parameters')),
  }
}

export const body = (schema: Schema, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: json(schema),
})

/* Operations with a body: it may not parse or decode (400, 415) or be too large (413). */
export const common = {
  400: failed('BadRequest'),
  413: failed('PayloadTooLarge'),
  415: failed('UnsupportedMediaType'),
  500: failed('ServerError'),
  503: failed('ServiceUnavailable'),
}
/* Every operation: a path that does not percent-decode is 400. */
export const commonRead = {
  400: failed('BadRequest'),
  500: failed('ServerError'),
  503: failed('ServiceUnavailable'),
}

export const refreshOperation = (method: 'get' | 'post') =>
  op(
    'members',
    method === 'post' ? 'refreshTokens' : 'refreshTokensAlias',
    'Refresh (rotate) the token pair',
    {
      description:
        'The refresh token comes from `Authorization: Bearer`, the body `refresh_token`, or the `refresh_token_cookie` cookie (then `X-CSRF-Token` must equal `csrf_refresh_token`). Rotates both tokens; presenting an already rotated refresh token revokes the whole session, except that the direct predecessor of the current pair, within `JWT_REFRESH_REUSE_LEEWAY` seconds (default 10) of its rotation, answers 200 with the identical pair that rotation issued.' +
        (method === 'get' ? ' Alias of POST kept for the existing SPA.' : ''),
      security: [{ bearerAuth: [] }, { refreshCookie: [], csrfHeader: [] }, {}],
      ...(method === 'post'
        ? { requestBody: { required: false, content: json(ref('RefreshRequest')) } }
        : {}),
      responses: {
        200: reply(
          'Rotated',
          envelope(SUCCESS_MESSAGES.refresh, propertiesOf('TokenPair')),
          setsAuthCookies
        ),
        401: failedWith(
          'Missing, invalid, expired, revoked or reused refresh token',
          REFRESH_FAILED_MESSAGE
        ),
        403: failed('Forbidden'),
        ...common,
      },
    }
  )

export const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'ETag of a cached copy',
  schema: { type: 'string' },
}
export const etagHeader = {
  ETag: { description: 'Validator of the answer', schema: { type: 'string' } },
}
export const cacheControlHeader = {
  'Cache-Control': {
    description: 'A short shared cache, then revalidation',
    schema: { type: 'string' },
  },
}
export const notModified = {
  description: 'Not modified (If-None-Match matched)',
  headers: requestIdHeader,
}

/* GET /posts/{id}/costs and /costs.svg take the same range and interval. */
export const costHistoryParams = [
  idParam('Recipe id'),
  {
    name: 'from',
    in: 'query',
    required: false,
    description: 'First point (default: 365 days before `to`)',
    schema: { type: 'string', format: 'date' },
  },
  {
    name: 'to',
    in: 'query',
    required: false,
    description: 'Last date (default: today, UTC); not before `from`',
    schema: { type: 'string', format: 'date' },
  },
  {
    name: 'interval',
    in: 'query',
    required: false,
    description: `Points at \`from\` and every interval after it up to \`to\` (month: the same day of each month, or its last day); at most ${COST_HISTORY_LIMITS.pointsMax} points (422 on interval beyond)`,
    schema: { type: 'string', enum: ['day', 'week', 'month'], default: 'day' },
  },
  ifNoneMatch,
]
