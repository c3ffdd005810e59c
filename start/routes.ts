/*
| Routes: the table of contents of the API (see ../shared/api-contract.md and
| GET /openapi.json). Each line names the controller that handles it.
*/
import router from '@adonisjs/core/services/router'
import { controllers } from '#generated/controllers'
import { middleware } from '#start/kernel'
import { signUpThrottle, writeThrottle } from '#start/limiter'
import { ID_PATTERN } from '#contract/limits'

/*
 * Every `:id` of every route is an id of contract §1: 1 … 2,147,483,647. Any
 * other segment there matches no route (404 "존재하지 않는 경로") and never
 * reaches a controller or the database; a well-formed id that names nothing
 * is the resource's own 404.
 */
router.where('id', { match: ID_PATTERN, cast: (value: string) => Number(value) })

router.get('/health/live', [controllers.HealthChecks, 'live'])
router.get('/health/ready', [controllers.HealthChecks, 'ready'])

/* Members and authentication (contract §2, §3). */
router
  .group(() => {
    router.post('/forms', [controllers.Members, 'store']).use(signUpThrottle)
    router.post('/validation', [controllers.Members, 'validateUsername'])
    router.post('/login', [controllers.Sessions, 'store'])
    router.post('/tokens', [controllers.Tokens, 'store'])
    router.get('/tokens', [controllers.Tokens, 'store']).as('tokens.store_alias')
    router.post('/logout', [controllers.Sessions, 'destroy']).use(middleware.auth())
    router.get('/me', [controllers.Members, 'me']).use(middleware.auth())
    router.delete('/:id', [controllers.Members, 'destroy']).use(middleware.auth())
  })
  .prefix('/members')

/* Recipes, their cost and likes (contract §4, §5). */
router
  .group(() => {
    router.get('/', [controllers.Posts, 'index'])
    router.get('/forms/ingredients', [controllers.Ingredients, 'index'])
    router.get('/:id', [controllers.Posts, 'show']).use(middleware.optionalAuth())
    router.get('/:id/costs', [controllers.PostCosts, 'show'])
    router.get('/:id/costs.svg', [controllers.PostCosts, 'svg'])

    router
      .group(() => {
        router.get('/forms/:id', [controllers.PostForms, 'edit'])
        router.post('/forms', [controllers.PostForms, 'store']).use(writeThrottle)
        router.put('/forms/:id', [controllers.PostForms, 'update']).use(writeThrottle)
        router.delete('/:id', [controllers.Posts, 'destroy']).use(writeThrottle)
        router.post('/:id/likes', [controllers.PostLikes, 'store']).use(writeThrottle)
        router.delete('/:id/likes', [controllers.PostLikes, 'destroy']).use(writeThrottle)
      })
      .use(middleware.auth())
  })
  .prefix('/posts')

/* Comments and their likes (contract §6). */
router
  .group(() => {
    router.post('/:id/comments', [controllers.Comments, 'store'])
    router.put('/comments/:id', [controllers.Comments, 'update'])
    router.delete('/comments/:id', [controllers.Comments, 'destroy'])
    router.post('/comments/likes', [controllers.CommentLikes, 'storeFromBody'])
    router.post('/comments/:id/likes', [controllers.CommentLikes, 'store'])
    router.delete('/comments/:id/likes', [controllers.CommentLikes, 'destroy'])
  })
  .prefix('/posts')
  .use([middleware.auth(), writeThrottle])

/* API description (contract §7). */
router.get('/openapi.json', [controllers.ApiDocs, 'document'])
router.get('/docs', [controllers.ApiDocs, 'page'])

/* The ingredient catalogue with its prices over time (contract §8). */
router
  .group(() => {
    router.get('/', [controllers.IngredientsCatalogue, 'index'])
    router.get('/:id', [controllers.IngredientsCatalogue, 'show'])
    router.get('/:id/prices', [controllers.IngredientsCatalogue, 'prices'])
  })
  .prefix('/ingredients')

/* Meal plans and their shopping lists, private to their owner (contract §9). */
router
  .group(() => {
    router.get('/', [controllers.Plans, 'index'])
    router.post('/', [controllers.Plans, 'store']).use(writeThrottle)
    router.get('/:id', [controllers.Plans, 'show'])
    router.put('/:id', [controllers.Plans, 'update']).use(writeThrottle)
    router.delete('/:id', [controllers.Plans, 'destroy']).use(writeThrottle)
    router.get('/:id/shopping-list', [controllers.Plans, 'shoppingList'])
  })
  .prefix('/plans')
  .use(middleware.auth())
