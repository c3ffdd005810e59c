/*
| Routes: the table of contents of the API (see ../shared/api-contract.md and
| GET /openapi.json). Each line names the controller that handles it.
*/
import router from '@adonisjs/core/services/router'
import { controllers } from '#generated/controllers'
import { middleware } from '#start/kernel'
import { signUpThrottle, writeThrottle } from '#start/limiter'

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

/*
 * Ids in paths are positive integers that fit the 32-bit id columns (up to 9
 * digits here); anything else is an unknown route (404), never a database error.
 */
const id = { match: /^[1-9]\d{0,8}$/, cast: (value: string) => Number(value) }

/* Recipes, their cost and likes (contract §4, §5). */
router
  .group(() => {
    router.get('/', [controllers.Posts, 'index'])
    router.get('/forms/ingredients', [controllers.Ingredients, 'index'])
    router.get('/:id', [controllers.Posts, 'show']).where('id', id).use(middleware.optionalAuth())

    router
      .group(() => {
        router.get('/forms/:id', [controllers.PostForms, 'edit']).where('id', id)
        router.post('/forms', [controllers.PostForms, 'store']).use(writeThrottle)
        router
          .put('/forms/:id', [controllers.PostForms, 'update'])
          .where('id', id)
          .use(writeThrottle)
        router.delete('/:id', [controllers.Posts, 'destroy']).where('id', id).use(writeThrottle)
        router
          .post('/:id/likes', [controllers.PostLikes, 'store'])
          .where('id', id)
          .use(writeThrottle)
        router
          .delete('/:id/likes', [controllers.PostLikes, 'destroy'])
          .where('id', id)
          .use(writeThrottle)
      })
      .use(middleware.auth())
  })
  .prefix('/posts')

/* Comments and their likes (contract §6). */
router
  .group(() => {
    router.post('/:id/comments', [controllers.Comments, 'store']).where('id', id)
    router.put('/comments/:id', [controllers.Comments, 'update']).where('id', id)
    router.delete('/comments/:id', [controllers.Comments, 'destroy']).where('id', id)
    router.post('/comments/likes', [controllers.CommentLikes, 'storeFromBody'])
    router.post('/comments/:id/likes', [controllers.CommentLikes, 'store']).where('id', id)
    router.delete('/comments/:id/likes', [controllers.CommentLikes, 'destroy']).where('id', id)
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
    router.get('/:id', [controllers.IngredientsCatalogue, 'show']).where('id', id)
    router.get('/:id/prices', [controllers.IngredientsCatalogue, 'prices']).where('id', id)
  })
  .prefix('/ingredients')
