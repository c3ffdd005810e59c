import hash from '@adonisjs/core/services/hash'
import ApiException from '#exceptions/api_exception'
import Member from '#models/member'

import { DUPLICATE_EMAIL_MESSAGE, DUPLICATE_USERNAME_MESSAGE } from '#contract/messages'

/*
 * Sign-up. Uniqueness is decided by the database's unique indexes
 * (username_key, email): the look-ups first only give a quick answer, and a
 * concurrent duplicate that passes them still ends in a unique violation,
 * mapped to the same 409.
 */
export class MemberRegistration {
  async register(input: { username: string; password: string; email: string }) {
    const username = input.username.normalize('NFC')
    const usernameKey = Member.usernameKeyOf(username)
    const email = input.email.toLowerCase()

    if (await MemberRegistration.usernameTaken(username)) {
      throw ApiException.conflict(DUPLICATE_USERNAME_MESSAGE)
    }
    if (await Member.findBy('email', email)) {
      throw ApiException.conflict(DUPLICATE_EMAIL_MESSAGE)
    }

    try {
      return await Member.create({
        username,
        usernameKey,
        email,
        password: await hash.make(input.password),
      })
    } catch (error) {
      const column = uniqueViolationColumn(error)
      if (column === 'email') {
        throw ApiException.conflict(DUPLICATE_EMAIL_MESSAGE)
      }
      if (column === 'username') {
        throw ApiException.conflict(DUPLICATE_USERNAME_MESSAGE)
      }
      throw error
    }
  }

  static async usernameTaken(username: string) {
    const row = await Member.query()
      .where('username_key', Member.usernameKeyOf(username))
      .select('id')
      .first()
    return row !== null
  }
}

/*
 * Which members column a unique violation is about: PostgreSQL 23505 names
 * the constraint, SQLite's SQLITE_CONSTRAINT_UNIQUE names table.column.
 */
function uniqueViolationColumn(error: unknown): 'email' | 'username' | null {
  const { code, constraint, message } = (error ?? {}) as {
    code?: string
    constraint?: string
    message?: string
  }
  if (code !== '23505' && code !== 'SQLITE_CONSTRAINT_UNIQUE') {
    return null
  }
  /* knex puts the SQL (which names every column) in front of the driver's message. */
  const name =
    constraint ?? /UNIQUE constraint failed: members\.(\w+)/.exec(message ?? '')?.[1] ?? ''
  if (name.includes('email')) {
    return 'email'
  }
  return name.includes('username') ? 'username' : null
}
