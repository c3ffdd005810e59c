import type { HttpRequest } from '@adonisjs/core/http'

/*
 * The query string to validate: a key with an empty value (`?sort=&maxPrice=`)
 * means "not given", because the SPA sends every key of its search form.
 */
export function queryValues(request: HttpRequest) {
  return Object.fromEntries(Object.entries(request.qs()).filter(([, value]) => value !== ''))
}
