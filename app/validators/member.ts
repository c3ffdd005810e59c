import vine from '@vinejs/vine'

/*
 * Usernames: 2–30 letters of any script, digits, `_`, `.` and `-` (combining
 * marks allowed so decomposed Hangul and accents count as letters).
 */
const USERNAME = /^[\p{L}\p{M}\p{N}_.-]+$/u

const username = () => vine.string().trim().minLength(2).maxLength(30).regex(USERNAME)

export const signUpValidator = vine.create({
  username: username(),
  password: vine.string().minLength(8).maxLength(128),
  email: vine.string().trim().maxLength(254).email(),
})

export const usernameValidator = vine.create({
  username: username(),
})

/* Login checks shape only; whether the pair is right is the login service's job. */
export const loginValidator = vine.create({
  username: vine.string().trim().maxLength(255),
  password: vine.string().maxLength(1024),
})
