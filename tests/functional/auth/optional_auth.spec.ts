import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import OptionalAuthMiddleware from '#middleware/optional_auth_middleware'
import AuthMiddleware from '#middleware/auth_middleware'
import { createMember, cookieHeader, issueTokens } from '#tests/helpers/auth'

/* A context as the router would build it (ctx.auth is made on first use). */
async function contextWith(headers: Record<string, string>, method = 'GET') {
  const req = new IncomingMessage(new Socket())
  req.method = method
  req.url = '/posts/1'
  req.headers = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])
  )
  return testUtils.createHttpContext({ req, res: new ServerResponse(req) })
}

async function runOptional(headers: Record<string, string>, method = 'GET') {
  const ctx = await contextWith(headers, method)
  let reached = false
  await new OptionalAuthMiddleware().handle(ctx, async () => {
    reached = true
  })
  return { reached, user: ctx.auth.use('jwt').user }
}

/*
 * The optional-auth middleware (for routes such as GET /posts/{id}, which
 * answer `liked` for a logged-in caller): a valid token sets the user, no or
 * a bad token goes on anonymously.
 */
test.group('Optional auth middleware', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a valid Bearer token sets ctx.auth.use("jwt").user', async ({ assert }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    const { reached, user } = await runOptional({ Authorization: `Bearer ${pair.access.token}` })
    assert.isTrue(reached)
    assert.equal(user?.id, member.id)
  })

  test('a valid access cookie on a GET sets the user (no CSRF on reads)', async ({ assert }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    const { user } = await runOptional({ Cookie: cookieHeader(pair) })
    assert.equal(user?.id, member.id)
  })

  test('no token goes on anonymously', async ({ assert }) => {
    const { reached, user } = await runOptional({})
    assert.isTrue(reached)
    assert.isUndefined(user)
  })

  test('an invalid, refresh or revoked token goes on anonymously', async ({ assert }) => {
    const member = await createMember()
    const pair = await issueTokens(member)
    const revoked = await issueTokens(member)
    const { AuthSessions } = await import('#auth/auth_sessions')
    const sessions = await app.container.make(AuthSessions)
    await sessions.end(revoked.access.claims.sid)

    for (const token of ['garbage', pair.refresh.token, revoked.access.token]) {
      const { reached, user } = await runOptional({ Authorization: `Bearer ${token}` })
      assert.isTrue(reached)
      assert.isUndefined(user)
    }
  })

  test('the auth middleware rejects what optional auth lets through anonymously', async ({
    assert,
  }) => {
    const ctx = await contextWith({ Authorization: 'Bearer garbage' })
    await assert.rejects(() => new AuthMiddleware().handle(ctx, async () => {}))
  })
})
