import { test } from '@japa/runner'
import { Authenticator } from '@adonisjs/auth'
import testUtils from '@adonisjs/core/services/test_utils'

/*
 * `ctx.auth` is made on first use by providers/request_authenticator_provider.ts,
 * in place of @adonisjs/auth's initialize_auth_middleware.
 */
test.group('Request authenticator', () => {
  test('every context has its own authenticator, made once', async ({ assert }) => {
    const first = await testUtils.createHttpContext()
    const second = await testUtils.createHttpContext()

    assert.instanceOf(first.auth, Authenticator)
    assert.strictEqual(first.auth, first.auth)
    assert.notStrictEqual(first.auth, second.auth)
    assert.isFalse(first.auth.isAuthenticated)
    assert.isUndefined(first.auth.use('jwt').user)
  })

  test('is not made for a request that does not use it', async ({ assert }) => {
    const ctx = await testUtils.createHttpContext()
    assert.notProperty(Object.getOwnPropertyDescriptors(ctx), 'auth')
    ctx.auth.use('jwt')
    assert.property(Object.getOwnPropertyDescriptors(ctx), 'auth')
  })

  test('can be replaced, as the middleware assigned it', async ({ assert }) => {
    const ctx = await testUtils.createHttpContext()
    const other = await testUtils.createHttpContext()
    ctx.auth = other.auth
    assert.strictEqual(ctx.auth, other.auth)
  })
})
