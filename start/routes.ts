/*
| Routes: the table of contents of the API (see ../shared/api-contract.md and
| GET /openapi.json). Each line names the controller that handles it.
*/
import router from '@adonisjs/core/services/router'
import { controllers } from '#generated/controllers'

router.get('/health/live', [controllers.HealthChecks, 'live'])
router.get('/health/ready', [controllers.HealthChecks, 'ready'])

router.get('/openapi.json', [controllers.ApiDocs, 'document'])
router.get('/docs', [controllers.ApiDocs, 'page'])
