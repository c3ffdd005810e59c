/*
| Routes: the table of contents of the API (see ../shared/api-contract.md and
| GET /openapi.json). Each line names the controller that handles it.
*/
import router from '@adonisjs/core/services/router'
import { controllers } from '#generated/controllers'

router.get('/health/live', [controllers.HealthChecks, 'live'])
router.get('/health/ready', [controllers.HealthChecks, 'ready'])

/*
 * Ids in paths are positive integers that fit the 32-bit id columns (up to 9
 * digits here); anything else is an unknown route (404), never a database error.
 */
const id = { match: /^[1-9]\d{0,8}$/, cast: (value: string) => Number(value) }

/* Recipes (contract §4, §5). */
router
  .group(() => {
    router.get('/', [controllers.Posts, 'index'])
    router.get('/forms/ingredients', [controllers.Ingredients, 'index'])
    router.get('/:id', [controllers.Posts, 'show']).where('id', id)
  })
  .prefix('/posts')
