/* OpenAPI paths of contract §8 (prices over time, cost history). */
import { envelope, ref } from '#openapi/schemas'
import {
  POST_NOT_FOUND,
  ROUTE_NOT_FOUND_MESSAGE,
  SUCCESS_MESSAGES,
  INGREDIENT_NOT_FOUND,
} from '#contract/messages'
import {
  type Operation,
  propertiesOf,
  requestIdHeader,
  reply,
  failed,
  failedWith,
  unknownId,
  idParam,
  op,
  commonRead,
  ifNoneMatch,
  etagHeader,
  cacheControlHeader,
  notModified,
  costHistoryParams,
} from '#openapi/operations'

export const pricesPaths: Record<string, Record<string, Operation>> = {
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
}
