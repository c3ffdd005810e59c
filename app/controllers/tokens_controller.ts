import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { TokenRefresh } from '#auth/token_refresh'
import { authCookies as cookies } from '#auth/auth_cookies'
import { tokenFields } from '#auth/token_response'

/* POST /members/tokens (and the seed's GET alias): rotate the token pair. */
export default class TokensController {
  @inject()
  async store({ request, response }: HttpContext, refresh: TokenRefresh) {
    const pair = await refresh.fromRequest(request)
    cookies.set(response, pair)
    return success('refresh success', tokenFields(pair))
  }
}
