/*
| HTTP kernel: middleware in the order it runs.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'
import env from '#start/env'

server.errorHandler(() => import('#exceptions/handler'))

/*
 * Every request, matched by a route or not. Each middleware is instantiated
 * through the container per request, so the list is kept short: the starter
 * kit's container-bindings middleware is left out (nothing injects
 * HttpContext or Logger by type; controller methods receive ctx directly).
 */
server.use([
  () => import('#middleware/request_context_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

/*
 * Every request with a route. `ctx.auth` needs no middleware here: it is made
 * on first use (providers/request_authenticator_provider.ts).
 */
router.use([
  /* Names the request's span by its route pattern; only when tracing is on (config/otel.ts). */
  ...(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')
    ? [() => import('@adonisjs/otel/otel_middleware')]
    : []),
  /* The framework's body parser, plus the 400 for a body that is not UTF-8. */
  () => import('#middleware/body_parser_middleware'),
  /* After a successful write, tells every process (through Redis) that data changed. */
  () => import('#middleware/write_generation_middleware'),
])

/* Assigned per route in start/routes.ts. */
export const middleware = router.named({
  /* 401 unless the jwt guard authenticates the request. */
  auth: () => import('#middleware/auth_middleware'),
  /* Authenticates when a valid token is sent, else goes on anonymously. */
  optionalAuth: () => import('#middleware/optional_auth_middleware'),
})
