/* OpenAPI paths of contract §9 (meal plans). */
import { envelope, ref } from '#openapi/schemas'
import { PAGE_NO_MAX, PLAN_LIMITS } from '#contract/limits'
import { SUCCESS_MESSAGES, PLAN_NOT_FOUND } from '#contract/messages'
import {
  type Operation,
  propertiesOf,
  json,
  requestIdHeader,
  reply,
  failed,
  unknownId,
  readAuth,
  writeAuth,
  idParam,
  op,
  body,
  common,
  commonRead,
} from '#openapi/operations'

export const plansPaths: Record<string, Record<string, Operation>> = {
  /* §9 Meal plans and shopping lists */
  '/plans': {
    get: op('plans', 'listPlans', "The caller's meal plans, newest first", {
      security: readAuth,
      parameters: [
        {
          name: 'pageNo',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: PAGE_NO_MAX, default: 1 },
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
        "Private: another member's plan answers 404 exactly as a missing one. `total` is the sum of the meals' prices, each rounded once. Every write this API has acknowledged (and every `node ace` import) is reflected, whichever server process answers; a change made directly in the database shows within a second.",
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
