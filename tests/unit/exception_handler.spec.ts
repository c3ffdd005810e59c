import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { renderError as render } from '#tests/helpers/exception_handler'
import ApiException from '#exceptions/api_exception'

test.group('Exception handler', () => {
  test('an unexpected error is a 500 with the request id and no internals', async ({ assert }) => {
    const { status, body } = await render(new Error('SELECT * FROM secrets failed'))
    assert.equal(status, 500)
    assert.equal(body.result, 'failed')
    assert.equal(body.message, '서버 오류')
    assert.property(body, 'request_id')
    assert.notInclude(JSON.stringify(body), 'secrets')
    assert.notProperty(body, 'stack')
  })

  test('validation errors list every failing field', async ({ assert }) => {
    const validator = vine.create({
      title: vine.string().maxLength(3),
      servings: vine.number().min(1),
    })
    const error = await validator.validate({ title: 'too long', servings: 0 }).catch((e) => e)
    const { status, body } = await render(error)
    assert.equal(status, 422)
    assert.equal(body.result, 'failed')
    assert.sameMembers(
      body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`),
      ['title:maxLength', 'servings:min']
    )
  })

  test('api exceptions keep their status and message', async ({ assert }) => {
    const { status, body } = await render(ApiException.forbidden('삭제 권한이 없음'))
    assert.equal(status, 403)
    assert.deepEqual(body, { result: 'failed', message: '삭제 권한이 없음' })
  })

  test('a refused database connection is a 503, not a 500', async ({ assert }) => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    })
    const { status, body } = await render(error)
    assert.equal(status, 503)
    assert.equal(body.result, 'failed')
    assert.notInclude(JSON.stringify(body), '5432')
  })
})
