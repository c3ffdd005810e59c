/* OpenAPI paths of contract §4–§5 (the catalogue of the recipe form, recipes). */
import { envelope, ref } from '#openapi/schemas'
import { INGREDIENT_LIMITS, MAX_STORED_PRICE, PAGE_NO_MAX, POST_LIMITS } from '#contract/limits'
import {
  DELETE_FORBIDDEN_MESSAGE,
  DUPLICATE_LIKE,
  EDIT_FORBIDDEN_MESSAGE,
  LIKE_NOT_FOUND,
  OWN_POST_LIKE_MESSAGE,
  POST_NOT_FOUND,
  SUCCESS_MESSAGES,
} from '#contract/messages'
import {
  type Operation,
  propertiesOf,
  requestIdHeader,
  reply,
  failed,
  failedWith,
  unknownId,
  readAuth,
  writeAuth,
  optionalAuth,
  idParam,
  op,
  body,
  common,
  commonRead,
} from '#openapi/operations'

export const recipesPaths: Record<string, Record<string, Operation>> = {
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
        {
          name: 'pageNo',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: PAGE_NO_MAX, default: 1 },
        },
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
          description: `Keep recipes with price_per_serving <= maxPrice (KRW). Stored prices are at most ${MAX_STORED_PRICE.toLocaleString('en-US')}, so a larger value keeps every recipe (it filters as that bound).`,
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
}
