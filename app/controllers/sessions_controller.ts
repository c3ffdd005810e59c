import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { LoginService } from '#auth/login_service'
import { loginValidator } from '#validators/member'
import { AuthSessions } from '#auth/auth_sessions'
import { authCookies as cookies } from '#auth/auth_cookies'
import { tokenFields } from '#auth/token_response'

/* Login and logout (contract §2, §3). */
export default class SessionsController {
  @inject()
  async store({ request, response }: HttpContext, login: LoginService) {
    const credentials = await request.validateUsing(loginValidator)
    const { member, pair } = await login.login(credentials, request.ip())
    cookies.set(response, pair)
    return success('로그인 성공', {
      user_id: member.id,
      username: member.username,
      ...tokenFields(pair),
    })
  }

  @inject()
  async destroy({ auth, request, response }: HttpContext, sessions: AuthSessions) {
    const guard = auth.use('jwt')
    const member = guard.getUserOrFail()
    if (request.qs().all === 'true') {
      await sessions.endAll(member.id)
    } else {
      await sessions.end(guard.claims!.sid)
    }
    cookies.clear(response)
    return success('로그아웃 성공')
  }
}
