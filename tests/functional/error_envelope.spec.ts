import Member from '#models/member'
import { test } from '@japa/runner'

test.group('Error envelope and request ids', () => {
  test('a body that is not valid JSON answers 400 and writes nothing', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/members/forms')
      .unsafeJson('{"username": "kim", "password": ')
    response.assertStatus(400)
    response.assertBody({ result: 'failed', message: '잘못된 요청 형식' })

    const garbage = await client.post('/members/login').unsafeJson('not json')
    garbage.assertStatus(400)
    garbage.assertBody({ result: 'failed', message: '잘못된 요청 형식' })
    assert.isNull(await Member.findBy('username_key', 'kim'))
  })

  test('a body over 1 MiB answers 413', async ({ client }) => {
    const response = await client
      .post('/members/forms')
      .json({ username: 'kim', password: 'x'.repeat(1024 * 1024 + 10), email: 'kim@example.com' })
    response.assertStatus(413)
    response.assertBody({ result: 'failed', message: '요청 본문이 너무 큼' })
  })

  test('an unknown route answers 404 in the JSON envelope', async ({ client, assert }) => {
    const response = await client.get('/no/such/route').header('Accept', 'text/html')
    response.assertStatus(404)
    response.assertBody({ result: 'failed', message: '존재하지 않는 경로' })
    assert.match(response.header('content-type') ?? '', /application\/json/)
  })

  test('every response carries an X-Request-Id; a sane incoming id is echoed', async ({
    client,
    assert,
  }) => {
    const generated = await client.get('/health/live')
    assert.match(generated.header('x-request-id') ?? '', /^[\w.:-]{8,128}$/)

    const echoed = await client.get('/health/live').header('X-Request-Id', 'spa-1234.abc')
    assert.equal(echoed.header('x-request-id'), 'spa-1234.abc')

    const notFound = await client.get('/missing').header('X-Request-Id', 'trace-404')
    assert.equal(notFound.header('x-request-id'), 'trace-404')
  })

  test('an unsafe incoming request id is replaced', async ({ client, assert }) => {
    const response = await client.get('/health/live').header('X-Request-Id', 'bad id\twith <html>')
    const id = response.header('x-request-id')
    assert.notEqual(id, 'bad id\twith <html>')
    assert.match(id ?? '', /^[\w.:-]+$/)
  })
})
