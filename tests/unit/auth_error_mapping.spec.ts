import { test } from '@japa/runner'
import { errors as authErrors } from '@adonisjs/auth'
import { renderError as render } from '#tests/helpers/exception_handler'
import { TokenStoreUnavailableError } from '#auth/token_store'

const UNAVAILABLE = { result: 'failed', message: '서비스를 일시적으로 사용할 수 없음' }

test.group('Exception handler / auth and Redis failures', () => {
  test('the token store being down is 503', async ({ assert }) => {
    const { status, body } = await render(new TokenStoreUnavailableError('down'))
    assert.equal(status, 503)
    assert.deepEqual(body, UNAVAILABLE)
  })

  test('ioredis and limiter failures without an errno code are 503, not 500', async ({
    assert,
  }) => {
    const maxRetries = new Error('Reached the max retries per request limit (which is 1).')
    maxRetries.name = 'MaxRetriesPerRequestError'
    for (const error of [
      new Error('Command timed out'),
      new Error('Connection is closed.'),
      new Error('connect ECONNREFUSED 127.0.0.1:6379'),
      maxRetries,
    ]) {
      const { status, body } = await render(error)
      assert.equal(status, 503, error.message)
      assert.deepEqual(body, UNAVAILABLE)
    }
  })

  test('E_UNAUTHORIZED_ACCESS is 401 with a Korean message and WWW-Authenticate', async ({
    assert,
  }) => {
    const error = new authErrors.E_UNAUTHORIZED_ACCESS('Unauthorized access', {
      guardDriverName: 'jwt',
    })
    const { status, body, authenticate } = await render(error)
    assert.equal(status, 401)
    assert.deepEqual(body, { result: 'failed', message: '인증이 필요합니다' })
    assert.equal(authenticate, 'Bearer')
  })
})
