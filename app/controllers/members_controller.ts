import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { success } from '#services/api_envelope'
import { MemberRegistration } from '#services/member_registration'
import { MemberAccount } from '#auth/member_account'
import MemberPolicy from '#policies/member_policy'
import { signUpValidator, usernameValidator } from '#validators/member'

/* Members (contract §3): sign-up, username check, own profile, deletion. */
export default class MembersController {
  @inject()
  async store({ request, response }: HttpContext, registration: MemberRegistration) {
    const input = await request.validateUsing(signUpValidator)
    const member = await registration.register(input)
    return response.created(success('회원가입 성공', { user_id: member.id }))
  }

  async validateUsername({ request }: HttpContext) {
    const { username } = await request.validateUsing(usernameValidator)
    if (await MemberRegistration.usernameTaken(username.normalize('NFC'))) {
      throw ApiException.conflict('이미 가입된 아이디입니다.')
    }
    return success('사용 가능한 아이디입니다.')
  }

  @inject()
  async me({ auth }: HttpContext, account: MemberAccount) {
    const member = auth.use('jwt').getUserOrFail()
    return success('회원 정보 조회 성공', { member: await account.profile(member) })
  }

  @inject()
  async destroy({ bouncer, params }: HttpContext, account: MemberAccount) {
    const target = await account.find(String(params.id))
    await bouncer.with(MemberPolicy).authorize('delete', target)
    const userId = await account.delete(target)
    return success('회원 탈퇴 성공', { user_id: userId })
  }
}
