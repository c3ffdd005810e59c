import { paths } from './paths.js'
import { ref, schemas } from './schemas.js'
import { STATUS_MESSAGES } from '#contract/messages'

/*
 * The OpenAPI 3.1 document of the whole contract, served at GET /openapi.json
 * and rendered by GET /docs. Paths and operations: ./paths.ts; shapes:
 * ./schemas.ts; shared responses, headers and security schemes: here.
 */

const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } }

function failure(description: string, example: string, headers: Record<string, unknown> = {}) {
  return {
    description,
    headers: { ...requestIdHeader, ...headers },
    content: {
      'application/json': {
        schema: ref('Failure'),
        example: { result: 'failed', message: example },
      },
    },
  }
}

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: '한끼얼마 API',
      version: '1.0.0',
      summary: 'Recipes priced from an ingredient catalogue: what does one meal cost?',
      description: [
        'JSON in and out (UTF-8, snake_case fields, ISO-8601 UTC times). Every JSON response has',
        '`result` ("success" | "failed") and a Korean `message`; failures never carry stack traces,',
        'validation failures (422) list every failing field in `errors`, and a 500 carries `request_id`.',
        '',
        'Authentication: `Authorization: Bearer <access_token>`, or the `access_token_cookie` cookie, in',
        'which case every POST/PUT/PATCH/DELETE must also send `X-CSRF-Token` (the `csrf_token` from login).',
        '',
        'Every response carries `X-Request-Id` (an incoming sane one is echoed). Rate limits answer 429',
        'with `Retry-After`. Recipe cost is computed on the server: line cost = price × quantity / unit,',
        'price = round(Σ line cost), price_per_serving = round(price / servings).',
      ].join('\n'),
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'members', description: 'Sign-up, login, tokens, account' },
      { name: 'ingredients', description: 'The ingredient catalogue' },
      { name: 'recipes', description: 'Recipes (posts) and their likes' },
      { name: 'comments', description: 'Comments and their likes' },
      { name: 'plans', description: 'Meal plans with a budget and their shopping lists (private)' },
      { name: 'operations', description: 'Health, this document' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Access token from login or refresh (HS256, 30 min). On /members/tokens: the refresh token.',
        },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'access_token_cookie',
          description: 'Set by login and refresh. Writes also need the csrfHeader.',
        },
        refreshCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'refresh_token_cookie',
          description:
            'Set by login and refresh; used by /members/tokens with csrfHeader = csrf_refresh_token.',
        },
        csrfHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            "With cookie authentication: the token's `csrf` claim (`csrf_token` / `csrf_access_token` cookie, or `csrf_refresh_token` on refresh). Missing or wrong → 403.",
        },
      },
      headers: {
        XRequestId: {
          description: 'Request id, also in every log line of the request',
          schema: { type: 'string', maxLength: 128 },
        },
        RetryAfter: {
          description: 'Seconds until the limit resets',
          schema: { type: 'integer', minimum: 0 },
        },
        XRateLimitLimit: {
          description: 'Requests allowed in the current window',
          schema: { type: 'integer' },
        },
        XRateLimitRemaining: {
          description: 'Requests left in the current window',
          schema: { type: 'integer' },
        },
      },
      parameters: {
        XRequestId: {
          name: 'X-Request-Id',
          in: 'header',
          required: false,
          description:
            'Echoed back when it matches [A-Za-z0-9_.:-]{1,128}; otherwise a new id is made',
          schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
        },
      },
      responses: {
        BadRequest: failure(
          'The body is not valid JSON, is not valid UTF-8 (after its Content-Encoding is decoded), its Content-Encoding (gzip, deflate, br) does not decode, or the path does not percent-decode (`/posts/%ZZ`)',
          STATUS_MESSAGES[400]
        ),
        Unauthorized: failure('No, invalid, expired or revoked token', STATUS_MESSAGES[401]),
        Forbidden: failure('Not allowed (e.g. CSRF check failed)', STATUS_MESSAGES[403]),
        NotFound: failure('Unknown id or route', STATUS_MESSAGES[404]),
        PayloadTooLarge: failure('Body over 1 MiB', STATUS_MESSAGES[413]),
        UnsupportedMediaType: failure(
          'The body has a Content-Encoding the server does not know (gzip, deflate, br and identity are known)',
          STATUS_MESSAGES[415]
        ),
        ValidationFailed: {
          description:
            'Validation failed: `errors` lists every failing field, each message in Korean. Text with NUL (U+0000) or a lone surrogate fails (rule `text`), in a body or a query; a number is a JSON number or a plain decimal string ("12", "12.5"), so "0x10", "1e3", true, [1] and {} fail (rule `number`).',
          headers: requestIdHeader,
          content: {
            'application/json': {
              schema: {
                allOf: [ref('Failure'), { required: ['errors'] }],
              },
              example: {
                result: 'failed',
                message: STATUS_MESSAGES[422],
                errors: [{ field: 'post.title', rule: 'maxLength', message: '…' }],
              },
            },
          },
        },
        TooManyRequests: failure('Rate limit hit', STATUS_MESSAGES[429], {
          'Retry-After': { $ref: '#/components/headers/RetryAfter' },
          'X-RateLimit-Limit': { $ref: '#/components/headers/XRateLimitLimit' },
          'X-RateLimit-Remaining': { $ref: '#/components/headers/XRateLimitRemaining' },
        }),
        ServiceUnavailable: failure(
          'A required dependency (database, Redis when configured) is down, did not answer within its time limit, or lost the connection during the request. ' +
            'A write (POST/PUT/DELETE) that got 503 may or may not have been committed: the connection can fail after the commit and before the answer. ' +
            'Repeat only idempotent requests (GET, PUT, DELETE) as they are; before repeating a POST (sign-up, recipe, comment, like), read the resource again to see whether it was created.',
          STATUS_MESSAGES[503]
        ),
        ServerError: {
          description: 'Anything else; quote request_id',
          headers: requestIdHeader,
          content: {
            'application/json': {
              schema: { allOf: [ref('Failure'), { required: ['request_id'] }] },
              example: { result: 'failed', message: STATUS_MESSAGES[500], request_id: '…' },
            },
          },
        },
      },
    },
  }
}
