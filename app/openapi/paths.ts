import { envelope, ref, schemas } from './schemas.js'
import {
  COST_HISTORY_LIMITS,
  INGREDIENT_LIMITS,
  MAX_ID,
  PLAN_LIMITS,
  POST_LIMITS,
} from '#contract/limits'
import {
  COMMENT_DELETE_FORBIDDEN_MESSAGE,
  COMMENT_EDIT_FORBIDDEN_MESSAGE,
  COMMENT_NOT_FOUND,
  DELETE_FORBIDDEN_MESSAGE,
  DUPLICATE_EMAIL_MESSAGE,
  DUPLICATE_LIKE,
  DUPLICATE_USERNAME_MESSAGE,
  EDIT_FORBIDDEN_MESSAGE,
  LIKE_NOT_FOUND,
  LOGIN_FAILED_MESSAGE,
  MEMBER_NOT_FOUND_MESSAGE,
  OWN_COMMENT_LIKE_MESSAGE,
  OWN_POST_LIKE_MESSAGE,
  POST_NOT_FOUND,
  REFRESH_FAILED_MESSAGE,
  ROUTE_NOT_FOUND_MESSAGE,
  SUCCESS_MESSAGES,
  USERNAME_TAKEN_MESSAGE,
  INGREDIENT_NOT_FOUND,
  PLAN_NOT_FOUND,
} from '#contract/messages'

/*
 * Every route of start/routes.ts, with its parameters, bodies and responses
 * (shared/api-contract.md §3–§7). tests/functional/openapi.spec.ts keeps this
 * list and the router in step.
 */

type Schema = Record<string, unknown>
type Operation = Record<string, unknown>

/* The fields of a component schema, to inline them at the top level of an envelope. */
const propertiesOf = (name: string) => schemas[name].properties as Record<string, Schema>

const json = (schema: Schema) => ({ 'application/json': { schema } })

const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } }

/** A documented response: JSON body, always with X-Request-Id. */
function reply(description: string, schema: Schema, headers: Record<string, unknown> = {}) {
  return { description, headers: { ...requestIdHeader, ...headers }, content: json(schema) }
}

const failed = (name: string) => ({ $ref: `#/components/responses/${name}` })

/** A specific failure message for a status. */
function failedWith(description: string, ...messages: string[]) {
  return reply(description, {
    allOf: [ref('Failure'), { properties: { message: { enum: messages } } }],
  })
}

/**
 * 404 of an operation that names a resource by id: the resource's message for
 * a well-formed id (1 … 2,147,483,647) that names nothing; anything else in
 * the id slot matches no route (contract §1).
 */
function unknownId(description: string, ...messages: string[]) {
  return failedWith(
    `${description}; any other value in the id slot: "${ROUTE_NOT_FOUND_MESSAGE}"`,
    ...messages,
    ROUTE_NOT_FOUND_MESSAGE
  )
}

const setsAuthCookies = {
  'Set-Cookie': {
    description:
      '`access_token_cookie`, `refresh_token_cookie` (HttpOnly), `csrf_access_token`, `csrf_refresh_token`; SameSite=Lax, Path=/, Secure when COOKIE_SECURE',
    schema: { type: 'string' },
  },
}

const rateLimited = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/XRateLimitLimit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/XRateLimitRemaining' },
}

/* Security requirements (alternatives): Bearer, or the cookie plus the CSRF header on writes. */
const readAuth = [{ bearerAuth: [] }, { cookieAuth: [] }]
const writeAuth = [{ bearerAuth: [] }, { cookieAuth: [], csrfHeader: [] }]
const optionalAuth = [{}, ...readAuth]

const idParam = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'integer', minimum: 1, maximum: MAX_ID },
})

function op(tag: string, operationId: string, summary: string, rest: Operation): Operation {
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

const body = (schema: Schema, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: json(schema),
})

/* Operations with a body: it may not parse or decode (400, 415) or be too large (413). */
const common = {
  400: failed('BadRequest'),
  413: failed('PayloadTooLarge'),
  415: failed('UnsupportedMediaType'),
  500: failed('ServerError'),
  503: failed('ServiceUnavailable'),
}
/* Every operation: a path that does not percent-decode is 400. */
const commonRead = {
  400: failed('BadRequest'),
  500: failed('ServerError'),
  503: failed('ServiceUnavailable'),
}

const refreshOperation = (method: 'get' | 'post') =>
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

const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'ETag of a cached copy',
  schema: { type: 'string' },
}
const etagHeader = { ETag: { description: 'Validator of the answer', schema: { type: 'string' } } }
const cacheControlHeader = {
  'Cache-Control': {
    description: 'A short shared cache, then revalidation',
    schema: { type: 'string' },
  },
}
const notModified = {
  description: 'Not modified (If-None-Match matched)',
  headers: requestIdHeader,
}

/* GET /posts/{id}/costs and /costs.svg take the same range and interval. */
const costHistoryParams = [
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

export const paths: Record<string, Record<string, Operation>> = {
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

  /* §3 Members */
  '/members/forms': {
    post: op('members', 'signUp', 'Sign up', {
      security: [{}],
      requestBody: body(ref('SignUpRequest')),
      responses: {
        201: reply('Created', envelope(SUCCESS_MESSAGES.signUp, { user_id: { type: 'integer' } })),
        409: failedWith(
          'Username or email taken',
          DUPLICATE_USERNAME_MESSAGE,
          DUPLICATE_EMAIL_MESSAGE
        ),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/members/validation': {
    post: op('members', 'checkUsername', 'Is a username still free?', {
      security: [{}],
      requestBody: body(ref('UsernameCheckRequest')),
      responses: {
        200: reply('Free', envelope(SUCCESS_MESSAGES.usernameFree)),
        409: failedWith('Taken (case-insensitively)', USERNAME_TAKEN_MESSAGE),
        422: failed('ValidationFailed'),
        ...common,
      },
    }),
  },
  '/members/login': {
    post: op('members', 'login', 'Log in: issues an access and a refresh token', {
      security: [{}],
      requestBody: body(ref('LoginRequest')),
      responses: {
        200: reply(
          'Logged in',
          envelope(SUCCESS_MESSAGES.login, {
            user_id: { type: 'integer' },
            username: { type: 'string' },
            ...propertiesOf('TokenPair'),
          }),
          { ...setsAuthCookies, ...rateLimited }
        ),
        401: failedWith(
          'Unknown username or wrong password (same answer for both)',
          LOGIN_FAILED_MESSAGE
        ),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/members/logout': {
    post: op('members', 'logout', 'Log out: revokes the session and clears the cookies', {
      security: writeAuth,
      parameters: [
        {
          name: 'all',
          in: 'query',
          required: false,
          description: 'true: revoke every session of the member',
          schema: { type: 'boolean', default: false },
        },
      ],
      responses: {
        200: reply('Logged out', envelope(SUCCESS_MESSAGES.logout), setsAuthCookies),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        ...common,
      },
    }),
  },
  '/members/tokens': {
    get: refreshOperation('get'),
    post: refreshOperation('post'),
  },
  '/members/me': {
    get: op('members', 'me', 'The authenticated member', {
      security: readAuth,
      responses: {
        200: reply('The member', envelope(null, { member: ref('Member') })),
        401: failed('Unauthorized'),
        ...commonRead,
      },
    }),
  },
  '/members/{id}': {
    delete: op(
      'members',
      'deleteMember',
      'Delete your account (cascades posts, comments, likes, sessions)',
      {
        security: writeAuth,
        parameters: [idParam('Member id (must be the caller)')],
        responses: {
          200: reply(
            'Deleted',
            envelope(SUCCESS_MESSAGES.deleteMember, { user_id: { type: 'integer' } })
          ),
          401: failed('Unauthorized'),
          403: failedWith('Not your account, or CSRF check failed', DELETE_FORBIDDEN_MESSAGE),
          404: unknownId('Unknown member', MEMBER_NOT_FOUND_MESSAGE),
          ...commonRead,
        },
      }
    ),
  },

  /* §4 Ingredients */
  '/posts/forms/ingredients': {
    get: op('ingredients', 'listIngredients', 'The ingredient catalogue, sorted by name', {
      security: [{}],
      parameters: [
        {
          name: 'q',
          in: 'query',
          required: false,
          description: 'Name contains (case-insensitive)',
          schema: { type: 'string', maxLength: INGREDIENT_LIMITS.searchMaxLength },
        },
        {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: 'ETag of a cached copy',
          schema: { type: 'string' },
        },
      ],
      responses: {
        200: reply(
          'The catalogue',
          envelope(null, { ingredients: { type: 'array', items: ref('Ingredient') } }),
          { ETag: { description: 'Validator of the catalogue', schema: { type: 'string' } } }
        ),
        304: { description: 'Not modified (If-None-Match matched)', headers: requestIdHeader },
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
  },

  /* §5 Recipes */
  '/posts': {
    get: op('recipes', 'listPosts', 'A page of recipes', {
      security: optionalAuth,
      parameters: [
        { name: 'pageNo', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        {
          name: 'pageSize',
          in: 'query',
          schema: {
            type: 'integer',
            minimum: 1,
            maximum: POST_LIMITS.pageSizeMax,
            default: POST_LIMITS.pageSizeDefault,
          },
        },
        {
          name: 'q',
          in: 'query',
          description:
            'Title contains this text (case-insensitive; %, _ and commas are plain text, so q=김치,두부 is one search)',
          schema: { type: 'string', maxLength: POST_LIMITS.searchMaxLength },
        },
        {
          name: 'sort',
          in: 'query',
          description:
            'latest (newest first), oldest, likes (most liked first), price and price_per_serving (cheapest first); ties break by id',
          schema: {
            type: 'string',
            enum: ['latest', 'oldest', 'likes', 'price', 'price_per_serving'],
            default: 'latest',
          },
        },
        {
          name: 'maxPrice',
          in: 'query',
          description: 'Keep recipes with price_per_serving <= maxPrice (KRW)',
          schema: { type: 'integer', minimum: 0 },
        },
        {
          name: 'author',
          in: 'query',
          description: 'Username of the author',
          schema: { type: 'string', maxLength: POST_LIMITS.authorMaxLength },
        },
      ],
      responses: {
        200: reply(
          'The page (empty `posts` past the end, with the right total and lastPage)',
          envelope(null, propertiesOf('PostPage'))
        ),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
  },
  '/posts/{id}': {
    get: op('recipes', 'showPost', 'A recipe with its ingredient lines and comments', {
      security: optionalAuth,
      parameters: [
        idParam('Recipe id'),
        {
          name: 'servings',
          in: 'query',
          required: false,
          description: 'Answer for N servings: quantities, costs and price scaled by N / servings',
          schema: { type: 'integer', minimum: 1, maximum: POST_LIMITS.servingsMax },
        },
        {
          name: 'asOf',
          in: 'query',
          required: false,
          description:
            'Cost with the prices in effect on this date (v1.1); the answer adds price_as_of and unpriced',
          schema: { type: 'string', format: 'date' },
        },
      ],
      responses: {
        200: reply(
          'The recipe',
          envelope(null, {
            post: { anyOf: [ref('PostDetail'), ref('PostDetailAsOf')] },
            comments: { type: 'array', items: ref('Comment') },
          })
        ),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
    delete: op('recipes', 'deletePost', 'Delete your recipe (cascades comments, likes, lines)', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      responses: {
        200: reply('Deleted', envelope(SUCCESS_MESSAGES.deletePost)),
        401: failed('Unauthorized'),
        403: failedWith('Not the owner, or CSRF check failed', DELETE_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/posts/forms': {
    post: op('recipes', 'createPost', 'Create a recipe; the server computes its cost', {
      security: writeAuth,
      requestBody: body(ref('RecipeForm')),
      responses: {
        201: reply('Created', envelope(SUCCESS_MESSAGES.createPost, propertiesOf('RecipeCost'))),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/posts/forms/{id}': {
    get: op('recipes', 'editPost', 'Your recipe as an edit form', {
      security: readAuth,
      parameters: [idParam('Recipe id')],
      responses: {
        200: reply('The form', envelope(null, propertiesOf('RecipeEditForm'))),
        401: failed('Unauthorized'),
        403: failedWith('Not the owner', EDIT_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        ...commonRead,
      },
    }),
    put: op('recipes', 'updatePost', 'Replace your recipe; recomputes its cost, sets modify_date', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      requestBody: body(ref('RecipeForm')),
      responses: {
        200: reply('Updated', envelope(SUCCESS_MESSAGES.updatePost, propertiesOf('RecipeCost'))),
        401: failed('Unauthorized'),
        403: failedWith('Not the owner, or CSRF check failed', EDIT_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/posts/{id}/likes': {
    post: op('recipes', 'likePost', 'Like a recipe', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      responses: {
        201: reply(
          'Liked',
          envelope(SUCCESS_MESSAGES.likePost, {
            like: { type: 'integer', description: 'New like count' },
          })
        ),
        401: failed('Unauthorized'),
        403: failedWith('Your own recipe, or CSRF check failed', OWN_POST_LIKE_MESSAGE),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        409: failedWith('Already liked', DUPLICATE_LIKE),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
    delete: op('recipes', 'unlikePost', 'Take a like back', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      responses: {
        200: reply('Unliked', envelope(SUCCESS_MESSAGES.unlikePost, { like: { type: 'integer' } })),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId(
          'Unknown recipe, or not liked by the caller',
          POST_NOT_FOUND,
          LIKE_NOT_FOUND
        ),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },

  /* §6 Comments */
  '/posts/{id}/comments': {
    post: op('comments', 'createComment', 'Comment on a recipe', {
      security: writeAuth,
      parameters: [idParam('Recipe id')],
      requestBody: body(ref('CommentForm')),
      responses: {
        201: reply(
          'Created',
          envelope(SUCCESS_MESSAGES.createComment, { comment_id: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/posts/comments/{id}': {
    put: op('comments', 'updateComment', 'Edit your comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      requestBody: body(ref('CommentForm')),
      responses: {
        200: reply('Updated', envelope(SUCCESS_MESSAGES.updateComment)),
        401: failed('Unauthorized'),
        403: failedWith('Not the author, or CSRF check failed', COMMENT_EDIT_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
    delete: op('comments', 'deleteComment', 'Delete your comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: {
        200: reply('Deleted', envelope(SUCCESS_MESSAGES.deleteComment)),
        401: failed('Unauthorized'),
        403: failedWith('Not the author, or CSRF check failed', COMMENT_DELETE_FORBIDDEN_MESSAGE),
        404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/posts/comments/{id}/likes': {
    post: op('comments', 'likeComment', 'Like a comment', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: commentLikeResponses(),
    }),
    delete: op('comments', 'unlikeComment', 'Take a comment like back', {
      security: writeAuth,
      parameters: [idParam('Comment id')],
      responses: {
        200: reply(
          'Unliked',
          envelope(SUCCESS_MESSAGES.unlikeComment, { like: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId(
          'Unknown comment, or not liked by the caller',
          COMMENT_NOT_FOUND,
          LIKE_NOT_FOUND
        ),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/posts/comments/likes': {
    post: op('comments', 'likeCommentByBody', "Like a comment (id in the body; the seed's form)", {
      security: writeAuth,
      requestBody: body(ref('CommentLikeRequest')),
      responses: {
        ...commentLikeResponses(),
        422: failed('ValidationFailed'),
        ...common,
      },
    }),
  },

  /* §8 Prices over time */
  '/ingredients': {
    get: op('ingredients', 'listCatalogue', 'The catalogue with price dates and sources', {
      security: [{}],
      parameters: [ifNoneMatch],
      responses: {
        200: reply(
          'The catalogue, sorted by name',
          envelope(SUCCESS_MESSAGES.listIngredients, {
            ingredients: { type: 'array', items: ref('CatalogueItem') },
          }),
          etagHeader
        ),
        304: notModified,
        ...commonRead,
      },
    }),
  },
  '/ingredients/{id}': {
    get: op('ingredients', 'showIngredient', 'One catalogue item', {
      security: [{}],
      parameters: [idParam('Ingredient id'), ifNoneMatch],
      responses: {
        200: reply(
          'The item',
          envelope(SUCCESS_MESSAGES.showIngredient, { ingredient: ref('CatalogueItem') }),
          etagHeader
        ),
        304: notModified,
        404: failedWith(
          'Unknown ingredient or malformed id',
          INGREDIENT_NOT_FOUND,
          ROUTE_NOT_FOUND_MESSAGE
        ),
        ...commonRead,
      },
    }),
  },
  '/posts/{id}/costs': {
    get: op('recipes', 'postCosts', "A recipe's cost over time (v1.1)", {
      security: [{}],
      parameters: [...costHistoryParams],
      responses: {
        200: reply(
          'One point per interval, costed with the prices in effect on its date',
          envelope(SUCCESS_MESSAGES.postCosts, propertiesOf('CostHistory')),
          { ...etagHeader, ...cacheControlHeader }
        ),
        304: notModified,
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
  },
  '/posts/{id}/costs.svg': {
    get: op('recipes', 'postCostsChart', "A recipe's cost over time as an SVG line chart (v1.1)", {
      security: [{}],
      parameters: [...costHistoryParams],
      responses: {
        200: {
          description: 'The points of /posts/{id}/costs drawn as a small line chart (no script)',
          headers: { ...requestIdHeader, ...etagHeader, ...cacheControlHeader },
          content: { 'image/svg+xml': { schema: { type: 'string' } } },
        },
        304: notModified,
        404: unknownId('Unknown recipe', POST_NOT_FOUND),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
  },
  '/ingredients/{id}/prices': {
    get: op(
      'ingredients',
      'ingredientPrices',
      'Price observations of an ingredient, oldest first',
      {
        security: [{}],
        parameters: [
          idParam('Ingredient id'),
          {
            name: 'from',
            in: 'query',
            required: false,
            description: 'First date (default: a year before `to`)',
            schema: { type: 'string', format: 'date' },
          },
          {
            name: 'to',
            in: 'query',
            required: false,
            description: 'Last date (default: today); at most 5 years after `from`',
            schema: { type: 'string', format: 'date' },
          },
          ifNoneMatch,
        ],
        responses: {
          200: reply(
            'The observations in the range',
            envelope(SUCCESS_MESSAGES.ingredientPrices, {
              ingredient: ref('CatalogueItem'),
              prices: { type: 'array', items: ref('PriceObservation') },
            }),
            etagHeader
          ),
          304: notModified,
          404: failedWith(
            'Unknown ingredient or malformed id',
            INGREDIENT_NOT_FOUND,
            ROUTE_NOT_FOUND_MESSAGE
          ),
          422: failed('ValidationFailed'),
          ...commonRead,
        },
      }
    ),
  },

  /* §9 Meal plans and shopping lists */
  '/plans': {
    get: op('plans', 'listPlans', "The caller's meal plans, newest first", {
      security: readAuth,
      parameters: [
        {
          name: 'pageNo',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, default: 1 },
        },
        {
          name: 'pageSize',
          in: 'query',
          required: false,
          schema: {
            type: 'integer',
            minimum: 1,
            maximum: PLAN_LIMITS.pageSizeMax,
            default: PLAN_LIMITS.pageSizeDefault,
          },
        },
      ],
      responses: {
        200: reply(
          'A page of plans',
          envelope(SUCCESS_MESSAGES.listPlans, propertiesOf('PlanPage'))
        ),
        401: failed('Unauthorized'),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
    post: op('plans', 'createPlan', 'Create a meal plan (one transaction)', {
      security: writeAuth,
      requestBody: body(ref('PlanForm')),
      responses: {
        201: reply(
          'Created',
          envelope(SUCCESS_MESSAGES.createPlan, { plan_id: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/plans/{id}': {
    get: op('plans', 'showPlan', 'A plan, every meal costed for its servings at current prices', {
      description:
        "Private: another member's plan answers 404 exactly as a missing one. `total` is the sum of the meals' prices, each rounded once.",
      security: readAuth,
      parameters: [idParam('Plan id')],
      responses: {
        200: reply('The plan', envelope(SUCCESS_MESSAGES.showPlan, propertiesOf('PlanDetail'))),
        401: failed('Unauthorized'),
        404: unknownId('Unknown plan, or another member’s', PLAN_NOT_FOUND),
        ...commonRead,
      },
    }),
    put: op(
      'plans',
      'updatePlan',
      'Replace a plan: name, budget and every meal (one transaction)',
      {
        security: writeAuth,
        parameters: [idParam('Plan id')],
        requestBody: body(ref('PlanForm')),
        responses: {
          200: reply(
            'Replaced',
            envelope(SUCCESS_MESSAGES.updatePlan, { plan_id: { type: 'integer' } })
          ),
          401: failed('Unauthorized'),
          403: failed('Forbidden'),
          404: unknownId(
            'Unknown plan, or another member’s (before any validation)',
            PLAN_NOT_FOUND
          ),
          422: failed('ValidationFailed'),
          429: failed('TooManyRequests'),
          ...common,
        },
      }
    ),
    delete: op('plans', 'deletePlan', 'Delete a plan and its meals', {
      security: writeAuth,
      parameters: [idParam('Plan id')],
      responses: {
        200: reply(
          'Deleted',
          envelope(SUCCESS_MESSAGES.deletePlan, { plan_id: { type: 'integer' } })
        ),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        404: unknownId('Unknown plan, or another member’s', PLAN_NOT_FOUND),
        429: failed('TooManyRequests'),
        ...commonRead,
      },
    }),
  },
  '/plans/{id}/shopping-list': {
    get: op('plans', 'planShoppingList', 'What to buy for a plan, costed at current prices', {
      description:
        "Every meal's recipe lines scaled to the meal's servings and summed per ingredient in the ingredient's own measure (2 큰술 + 100 ml of one ingredient is one line of 130 ml), sorted by name. Each line's `cost` is its exact cost rounded for display; `total` is the exact sum of the lines rounded once. The plan's `total` (GET /plans/{id}) is the sum of its meals' prices, each rounded once per meal, so the two totals agree up to that per-meal rounding: they differ by less than 0.5 KRW per meal. Ingredients without a current price are listed in `unpriced` (cost null, counted as 0 in both totals). `?format=csv` answers the same lines as a download (`text/csv; charset=utf-8`, UTF-8 BOM, CRLF rows, header `ingredient_id,name,quantity,measure,cost`, a last row `,합계,,,<total>`) with `Content-Disposition: attachment; filename=\"plan-<id>.csv\"; filename*=UTF-8''<the plan's name, percent-encoded>.csv` (control characters, quotes, slashes and backslashes removed from the name).",
      security: readAuth,
      parameters: [
        idParam('Plan id'),
        {
          name: 'format',
          in: 'query',
          required: false,
          description: '`json` (default) or `csv`',
          schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
        },
      ],
      responses: {
        200: {
          description: 'The shopping list (JSON), or the CSV download with `format=csv`',
          headers: {
            ...requestIdHeader,
            'Content-Disposition': {
              description: 'With `format=csv`: attachment with the file name (RFC 6266, RFC 5987)',
              schema: { type: 'string' },
            },
          },
          content: {
            ...json(envelope(SUCCESS_MESSAGES.shoppingList, propertiesOf('ShoppingList'))),
            'text/csv': { schema: { type: 'string' } },
          },
        },
        401: failed('Unauthorized'),
        404: unknownId('Unknown plan, or another member’s', PLAN_NOT_FOUND),
        422: failed('ValidationFailed'),
        ...commonRead,
      },
    }),
  },
}

function commentLikeResponses() {
  return {
    201: reply('Liked', envelope(SUCCESS_MESSAGES.likeComment, { like: { type: 'integer' } })),
    401: failed('Unauthorized'),
    403: failedWith('Your own comment, or CSRF check failed', OWN_COMMENT_LIKE_MESSAGE),
    404: unknownId('Unknown comment', COMMENT_NOT_FOUND),
    409: failedWith('Already liked', DUPLICATE_LIKE),
    429: failed('TooManyRequests'),
    ...commonRead,
  }
}
