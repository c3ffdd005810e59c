/*
| Routes: the table of contents of the API (see ../shared/api-contract.md and
| GET /openapi.json). Each line names the controller that handles it.
*/
import router from '@adonisjs/core/services/router'
import { controllers } from '#generated/controllers'
import { middleware } from '#start/kernel'
import { signUpThrottle } from '#start/limiter'

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

/* API description (contract §7). */
router.get('/openapi.json', [controllers.ApiDocs, 'document'])
router.get('/docs', [controllers.ApiDocs, 'page'])
