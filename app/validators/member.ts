import vine from '@vinejs/vine'
import { MEMBER_LIMITS } from '#contract/limits'
import { text, username } from '#validators/rules'

export const signUpValidator = vine.create({
  username: username(),
  password: text()
    .minLength(MEMBER_LIMITS.passwordMinLength)
    .maxLength(MEMBER_LIMITS.passwordMaxLength),
  email: text().trim().maxLength(MEMBER_LIMITS.emailMaxLength).email(),
})

export const usernameValidator = vine.create({
  username: username(),
})

/* Login checks shape only; whether the pair is right is the login service's job. */
export const loginValidator = vine.create({
  username: text().trim().maxLength(MEMBER_LIMITS.loginUsernameMaxLength),
  password: text().maxLength(MEMBER_LIMITS.loginPasswordMaxLength),
})
