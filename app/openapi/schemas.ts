/* Over 300 lines on purpose: every resource shape of the document in one catalogue, so $refs resolve in one place. */
/*
 * OpenAPI 3.1 component schemas of the contract (shared/api-contract.md):
 * the envelope, errors and every resource shape. JSON Schema 2020-12 dialect.
 */

import {
  COMMENT_LIMITS,
  COST_HISTORY_LIMITS,
  MAX_ID,
  MEMBER_LIMITS,
  PAGE_NO_MAX,
  PLAN_LIMITS,
  POST_LIMITS,
} from '#contract/limits'
import { UNIT_NAMES } from '#services/units'
import { POST_NOT_FOUND } from '#contract/messages'

type Schema = Record<string, unknown>

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })

const integer = (description?: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...extra,
})
const string = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
})
const dateTime = (description: string): Schema => ({
  type: 'string',
  format: 'date-time',
  description,
  examples: ['2026-11-26T07:31:18.123Z'],
})

/** An object schema whose listed properties are all required. */
export function object(properties: Record<string, Schema>, description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties),
    properties,
  }
}

/**
 * The success envelope with extra top-level fields; `message` is fixed when
 * the contract fixes it (null: any Korean text).
 */
export function envelope(message: string | null, data: Record<string, Schema> = {}): Schema {
  return {
    allOf: [
      ref('Envelope'),
      object({
        result: { const: 'success' },
        message: message === null ? { type: 'string' } : { const: message },
        ...data,
      }),
    ],
  }
}

/* A recipe line's unit (contract §8): as entered, or the ingredient's own. */
const lineMeasure: Schema = {
  type: 'string',
  enum: UNIT_NAMES,
  description:
    "Unit of `quantity`: g, kg, ml, L, 큰술 (15 ml), 작은술 (5 ml), 컵 (200 ml) or 개, compatible with the ingredient's measure (개 ↔ g/ml needs its piece size). Default: the ingredient's own.",
}

const quantity: Schema = {
  description: `Amount in \`measure\` (default the ingredient's); > 0 and ≤ ${POST_LIMITS.quantityMax.toLocaleString('en-US')}. Decimal string or number.`,
  oneOf: [
    { type: 'number', exclusiveMinimum: 0, maximum: POST_LIMITS.quantityMax },
    { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
  ],
}

const postListItem = object({
  id: integer(),
  title: string(),
  create_date: dateTime('Creation time'),
  username: string('Author'),
  price: integer('Recipe cost in KRW (server-computed)'),
  servings: integer(undefined, { minimum: 1, maximum: POST_LIMITS.servingsMax }),
  price_per_serving: integer('round(price / servings), KRW'),
  like: integer('Like count'),
  comment_count: integer(),
  price_date: {
    type: ['string', 'null'],
    format: 'date',
    description: "Newest price date among the recipe's lines (v1.1); null without lines",
  },
})

export const schemas: Record<string, Schema> = {
  Envelope: object(
    {
      result: { type: 'string', enum: ['success', 'failed'] },
      message: string('Korean text; fixed per endpoint and outcome'),
    },
    'Every JSON response carries `result` and `message`.'
  ),
  ValidationIssue: object({
    field: string('Dotted path of the field, e.g. `post.title` or `ingredients.2.id`'),
    rule: string('The failed rule, e.g. `maxLength`'),
    message: string(),
  }),
  Failure: {
    type: 'object',
    required: ['result', 'message'],
    properties: {
      result: { const: 'failed' },
      message: string(),
      errors: {
        type: 'array',
        items: ref('ValidationIssue'),
        description: 'Present on 422 only: every failing field.',
      },
      request_id: string('Present on 500: the X-Request-Id to quote to support'),
    },
    examples: [{ result: 'failed', message: POST_NOT_FOUND }],
  },
  HealthCheck: object({
    name: string('e.g. "Database health check (pg)", "Redis health check (main)"'),
    status: { type: 'string', enum: ['ok', 'warning', 'error'] },
    message: string(),
  }),
  Readiness: {
    allOf: [
      ref('Envelope'),
      object({
        status: { type: 'string', enum: ['ok', 'error'] },
        checks: { type: 'array', items: ref('HealthCheck') },
      }),
    ],
  },

  /* Members and tokens */
  SignUpRequest: object({
    username: string(
      `${MEMBER_LIMITS.usernameMinLength}–${MEMBER_LIMITS.usernameMaxLength} characters: letters of any script, digits, \`_ . -\`; the canonical form (NFKC + case folding) must also fit, and is what makes usernames unique (full-width \`ｆｗ\` and \`fw\` are one username)`,
      {
        minLength: MEMBER_LIMITS.usernameMinLength,
        maxLength: MEMBER_LIMITS.usernameMaxLength,
        pattern: '^[\\p{L}\\p{N}_.-]+$',
      }
    ),
    password: string(undefined, {
      minLength: MEMBER_LIMITS.passwordMinLength,
      maxLength: MEMBER_LIMITS.passwordMaxLength,
      format: 'password',
    }),
    email: string('Stored lower-cased; unique', {
      format: 'email',
      maxLength: MEMBER_LIMITS.emailMaxLength,
    }),
  }),
  UsernameCheckRequest: object({
    username: string(undefined, {
      minLength: MEMBER_LIMITS.usernameMinLength,
      maxLength: MEMBER_LIMITS.usernameMaxLength,
    }),
  }),
  LoginRequest: object({
    username: string(undefined, { minLength: 1 }),
    password: string(undefined, { minLength: 1, format: 'password' }),
  }),
  RefreshRequest: {
    type: 'object',
    properties: {
      refresh_token: string('Refresh token, when not sent as Bearer or cookie'),
    },
  },
  TokenPair: object({
    access_token: string('JWT HS256, 30 minutes'),
    csrf_token: string("The access token's `csrf` claim: send as X-CSRF-Token with cookie auth"),
    refresh_token: string('JWT HS256, 14 days; rotated on every refresh'),
    csrf_refresh_token: string("The refresh token's `csrf` claim"),
    expires_in: integer('Access token lifetime in seconds'),
  }),
  Member: object({
    id: integer(),
    username: string(),
    email: string(undefined, { format: 'email' }),
    create_date: dateTime('Sign-up time'),
    post_count: integer(),
    comment_count: integer(),
  }),

  /* Ingredients */
  Ingredient: object(
    {
      id: integer(),
      name: string(),
      measure: { type: 'string', enum: ['g', 'ml', '개'] },
      price: integer('KRW for `unit` of `measure`'),
      unit: integer(),
    },
    '`price` KRW buys `unit` of `measure`.'
  ),

  CatalogueItem: object(
    {
      id: integer(),
      name: string(),
      measure: { type: 'string', enum: ['g', 'ml', '개'] },
      price: integer('KRW for `unit` of `measure` (the current price)'),
      unit: integer(),
      price_date: {
        type: ['string', 'null'],
        format: 'date',
        description: 'Date of the current price',
      },
      source: { type: ['string', 'null'], description: 'Source of the current price' },
      grams_per_piece: { type: ['number', 'null'], description: 'Makes 개 and g convertible' },
    },
    'A catalogue item with its current price and where it comes from (contract §8).'
  ),
  PriceObservation: object({
    observed_on: string(undefined, { format: 'date' }),
    price: integer('KRW paid for `unit` of `measure`'),
    unit: integer(),
    measure: { type: 'string', enum: ['g', 'ml', '개'] },
    source: string(undefined, { maxLength: 100 }),
  }),

  /* Recipes */
  RecipeForm: {
    type: 'object',
    required: ['post'],
    description:
      "Unknown fields are ignored; a client's `price`, `unit`, `user_id`, `like` or `create_date` has no effect.",
    properties: {
      post: {
        type: 'object',
        required: ['title', 'content'],
        properties: {
          title: string('Trimmed', { minLength: 1, maxLength: POST_LIMITS.titleMaxLength }),
          content: string(undefined, { minLength: 1, maxLength: POST_LIMITS.contentMaxLength }),
          servings: integer('Default 1', {
            minimum: 1,
            maximum: POST_LIMITS.servingsMax,
            default: 1,
          }),
        },
      },
      ingredients: {
        type: 'array',
        maxItems: POST_LIMITS.linesMax,
        description: 'No ingredient id twice; every id must exist in the catalogue.',
        items: {
          ...object({ id: integer('Catalogue id', { minimum: 1, maximum: MAX_ID }), quantity }),
          properties: {
            id: integer('Catalogue id', { minimum: 1, maximum: MAX_ID }),
            quantity,
            measure: lineMeasure,
          },
        },
      },
    },
  },
  RecipeCost: object({
    post_id: integer(),
    price: integer(),
    price_per_serving: integer(),
  }),
  PostListItem: postListItem,
  PostPage: object({
    posts: { type: 'array', items: ref('PostListItem') },
    pageNo: integer(undefined, { minimum: 1, maximum: PAGE_NO_MAX }),
    pageSize: integer(undefined, { minimum: 1, maximum: POST_LIMITS.pageSizeMax }),
    total: integer('Recipes matching the filters'),
    lastPage: integer(),
  }),
  RecipeLine: object({
    id: integer('Catalogue id'),
    name: string(),
    measure: {
      ...lineMeasure,
      description: 'The unit as entered (v1 lines: the ingredient measure)',
    },
    quantity: {
      type: ['number', 'string'],
      description: 'As entered, in `measure`; scaled when `servings` is given',
    },
    cost: {
      type: ['integer', 'null'],
      description:
        'price × quantity (converted exactly to the ingredient measure) / unit, rounded (KRW); null with `asOf` when the ingredient had no price yet',
    },
  }),
  PostDetail: object({
    id: integer(),
    title: string(),
    content: string(),
    user_id: integer(),
    username: string(),
    create_date: dateTime('Creation time'),
    modify_date: { ...dateTime('Last edit, null when never edited'), type: ['string', 'null'] },
    price: integer(),
    servings: integer(),
    price_per_serving: integer(),
    like: integer(),
    liked: { type: 'boolean', description: 'Whether the caller likes it; false when anonymous' },
    ingredients: { type: 'array', items: ref('RecipeLine') },
  }),
  PostDetailAsOf: {
    allOf: [
      ref('PostDetail'),
      object({
        price_as_of: string('The `asOf` date the recipe is costed at', { format: 'date' }),
        unpriced: {
          type: 'array',
          items: { type: 'integer' },
          description: 'Ingredient ids with no price on that date (cost null, 0 in price)',
        },
      }),
    ],
    description: 'With `asOf` (v1.1): PostDetail costed with the prices in effect on that date',
  },
  CostPoint: object({
    date: string('Start of the interval', { format: 'date' }),
    price: integer('Recipe cost on that date (KRW); lines without a price count as 0'),
    price_per_serving: integer(),
    unpriced: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Ingredient ids with no price on that date',
    },
  }),
  CostHistory: object({
    post_id: integer(),
    servings: integer(),
    points: {
      type: 'array',
      maxItems: COST_HISTORY_LIMITS.pointsMax,
      items: ref('CostPoint'),
    },
  }),
  Comment: object({
    id: integer(),
    content: string(),
    user_id: integer(),
    username: string(),
    create_date: dateTime('Creation time'),
    modify_date: { ...dateTime('Last edit, null when never edited'), type: ['string', 'null'] },
    like: integer(),
    liked: { type: 'boolean' },
  }),
  RecipeEditForm: object({
    post: object({ id: integer(), title: string(), content: string(), servings: integer() }),
    ingredients: {
      type: 'array',
      items: object({
        id: integer(),
        name: string(),
        measure: { ...lineMeasure, description: 'The unit as entered' },
        quantity: { type: ['number', 'string'], description: 'As entered, in `measure`' },
      }),
    },
  }),
  CommentForm: object({
    content: string(undefined, { minLength: 1, maxLength: COMMENT_LIMITS.contentMaxLength }),
  }),
  CommentLikeRequest: object({ comment_id: integer(undefined, { minimum: 1, maximum: MAX_ID }) }),

  /* Meal plans and shopping lists (contract §9) */
  PlanForm: {
    type: 'object',
    required: ['name', 'meals'],
    description:
      'Body of POST /plans and PUT /plans/{id} (which replaces the meals). Unknown fields are ignored.',
    properties: {
      name: string('Trimmed', { minLength: 1, maxLength: PLAN_LIMITS.nameMaxLength }),
      budget: {
        type: ['integer', 'null'],
        minimum: 0,
        maximum: PLAN_LIMITS.budgetMax,
        description: 'KRW; absent or null: no budget',
      },
      meals: {
        type: 'array',
        maxItems: PLAN_LIMITS.mealsMax,
        items: object({
          date: string('`YYYY-MM-DD`', { format: 'date' }),
          post_id: integer('An existing recipe', { minimum: 1, maximum: MAX_ID }),
          servings: integer(undefined, { minimum: 1, maximum: PLAN_LIMITS.servingsMax }),
        }),
      },
    },
  },
  Plan: object({
    id: integer(),
    name: string(),
    budget: { type: ['integer', 'null'], description: 'KRW, null when none' },
    create_date: dateTime('Creation time'),
    modify_date: dateTime('Last write'),
  }),
  PlanPage: object({
    plans: {
      type: 'array',
      items: {
        allOf: [ref('Plan'), object({ meal_count: integer('Meals in the plan') })],
      },
    },
    pageNo: integer(undefined, { minimum: 1, maximum: PAGE_NO_MAX }),
    pageSize: integer(undefined, { minimum: 1, maximum: PLAN_LIMITS.pageSizeMax }),
    total: integer("The caller's plans"),
    lastPage: integer(),
  }),
  PlanMeal: object({
    date: string(undefined, { format: 'date' }),
    post_id: integer(),
    title: string(),
    servings: integer(undefined, { minimum: 1, maximum: PLAN_LIMITS.servingsMax }),
    price: integer(
      'The recipe costed for `servings` at current prices, rounded once (as GET /posts/{id}?servings=N)'
    ),
    price_per_serving: integer('round(price / servings)'),
  }),
  PlanDetail: object({
    plan: ref('Plan'),
    meals: {
      type: 'array',
      items: ref('PlanMeal'),
      description: 'By date, then in the order written; meals of deleted recipes are gone',
    },
    total: integer('Sum of the meals’ prices (KRW)'),
    per_day: {
      type: 'array',
      items: object({ date: string(undefined, { format: 'date' }), total: integer() }),
      description: 'Oldest day first',
    },
    over_budget: { type: 'boolean', description: 'total > budget (false without a budget)' },
  }),
  ShoppingLine: object({
    ingredient_id: integer(),
    name: string(),
    quantity: string(
      'Every meal’s lines scaled to its servings and summed, in `measure`; up to 4 decimals',
      {
        pattern: '^\\d+(\\.\\d{1,4})?$',
      }
    ),
    measure: {
      type: 'string',
      enum: ['g', 'ml', '개'],
      description: "The ingredient's own measure",
    },
    cost: {
      type: ['integer', 'null'],
      description:
        'price × quantity / unit at the current price, rounded for display; null when unpriced',
    },
  }),
  ShoppingList: object({
    lines: { type: 'array', items: ref('ShoppingLine'), description: 'Sorted by name' },
    total: integer('round(Σ exact line costs): rounded once, not the sum of the rounded `cost`s'),
    unpriced: {
      type: 'array',
      items: integer(),
      description: 'Ids of ingredients without a current price (0 KRW); they count as 0',
    },
  }),
}
