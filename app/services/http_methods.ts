/* Methods that never write (RFC 9110 §9.2.1): no CSRF check, no write generation moved on. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSafeMethod(method: string) {
  return SAFE_METHODS.has(method)
}
