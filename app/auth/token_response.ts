import type { TokenPair } from '#auth/token_service'

/* The token fields of the login and refresh bodies (contract §2, §3). */
export function tokenFields(pair: TokenPair) {
  return {
    access_token: pair.access.token,
    csrf_token: pair.access.claims.csrf,
    refresh_token: pair.refresh.token,
    csrf_refresh_token: pair.refresh.claims.csrf,
    expires_in: pair.access.claims.exp - pair.access.claims.iat,
  }
}
