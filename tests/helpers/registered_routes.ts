import router from '@adonisjs/core/services/router'

export interface RegisteredRoute {
  method: string
  /** OpenAPI style: `/posts/{id}` for the router's `/posts/:id`. */
  path: string
}

/* Every route of start/routes.ts as (method, path); HEAD is implied by GET. */
export function registeredRoutes(): RegisteredRoute[] {
  /*
   * The routes table is filled when the router commits, which the HTTP server
   * does on boot; outside the functional suite do it here (it is idempotent).
   */
  router.commit()
  const routes: RegisteredRoute[] = []
  for (const domainRoutes of Object.values(router.toJSON())) {
    for (const route of domainRoutes) {
      const path = route.pattern.replace(/:(\w+)\??/g, '{$1}')
      for (const method of route.methods) {
        if (method !== 'HEAD') {
          routes.push({ method: method.toLowerCase(), path })
        }
      }
    }
  }
  return routes
}

export function isRegistered(method: string, path: string) {
  return registeredRoutes().some(
    (route) => route.method === method.toLowerCase() && route.path === path
  )
}
