import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { safeStringify } from '@poppinss/utils/json'
import { answerBadUrl } from '#middleware/request_context_middleware'
import { trustedProxies } from '#auth/trusted_proxies'

export const appKey = env.get('APP_KEY')

export const appUrl = env.get('APP_URL')

export const http = defineConfig({
  /*
   * X-Request-Id: an incoming id is kept when it is a sane token (see
   * RequestContextMiddleware), otherwise a new one is generated.
   */
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  /*
   * X-Forwarded-For is believed only from the proxies in TRUST_PROXY (default:
   * none), so a client cannot choose the address its rate limits key on.
   */
  trustProxy: trustedProxies(env.get('TRUST_PROXY')),
  /*
   * Response bodies are plain data built by the controllers: JSON.stringify
   * serializes them about three times faster than the default safeStringify,
   * which is kept as the fallback for what JSON.stringify rejects (BigInt,
   * cycles).
   */
  serializeJSON(payload: unknown) {
    try {
      return JSON.stringify(payload)
    } catch {
      return safeStringify(payload)
    }
  },
  /* A path that does not percent-decode: 400 in the JSON envelope, with X-Request-Id. */
  onBadUrl: answerBadUrl,
  /* Routes are matched through a tree instead of one regular expression per route in turn. */
  router: { matcher: 'tree' },
  /*
   * No query parameter of the API is a list: `q=김치,두부` (axios leaves commas
   * unescaped) is one search text, not two values; the default comma
   * splitting turned it into an array and a 422.
   */
  qs: { parse: { comma: false } },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
