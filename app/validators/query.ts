import type { HttpRequest } from '@adonisjs/core/http'

/*
 * The query string to validate: a key with an empty value (`?sort=&maxPrice=`)
 * means "not given", because the SPA sends every key of its search form.
 */
export function queryValues(request: HttpRequest) {
  return Object.fromEntries(Object.entries(request.qs()).filter(([, value]) => value !== ''))
}

/* True for a query with no values (what queryValues gives for none or only empty ones). */
export function isEmpty(values: Record<string, unknown>) {
  return Object.keys(values).length === 0
}
