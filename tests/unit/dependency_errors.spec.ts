import { test } from '@japa/runner'
import { renderError as render } from '#tests/helpers/exception_handler'
import { unavailableDependency } from '#exceptions/handler'
import { openApiDocument } from '../../app/openapi/document.js'

const UNAVAILABLE = { result: 'failed', message: '서비스를 일시적으로 사용할 수 없음' }

/* Errors as pg, knex, tarn and ioredis raise them for a lost or silent dependency. */
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const named = (message: string, name: string) => Object.assign(new Error(message), { name })

test.group('Exception handler / lost and silent dependencies', () => {
  const cases: [string, Error, 'database' | 'redis'][] = [
    [
      'a connection dropped mid-request',
      new Error('select "id" from "members" where "id" = $1 - Connection terminated unexpectedly'),
      'database',
    ],
    ['pg query_timeout', new Error('select 1 - Query read timeout'), 'database'],
    ['pg connect timeout', new Error('timeout expired'), 'database'],
    [
      'knex pool acquire timeout',
      named('Knex: Timeout acquiring a connection. The pool is probably full.', 'KnexTimeoutError'),
      'database',
    ],
    [
      'statement_timeout',
      withCode('canceling statement due to statement timeout', '57014'),
      'database',
    ],
    [
      'a refused connection',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      'database',
    ],
    ['SQLSTATE class 08', withCode('connection failure', '08006'), 'database'],
    ['ioredis command timeout', new Error('Command timed out'), 'redis'],
    ['ioredis closed', new Error('Connection is closed.'), 'redis'],
    [
      'ioredis retries spent',
      named('Reached the max retries per request limit (which is 1).', 'MaxRetriesPerRequestError'),
      'redis',
    ],
  ]

  for (const [label, error, dependency] of cases) {
    test(`${label} is 503 (${dependency})`, async ({ assert }) => {
      assert.equal(unavailableDependency(error), dependency)
      const { status, body } = await render(error)
      assert.equal(status, 503)
      assert.deepEqual(body, UNAVAILABLE)
    })
  }

  test('other errors name no dependency and stay 500', async ({ assert }) => {
    const error = new Error('select * from secrets - column "x" does not exist')
    assert.isNull(unavailableDependency(error))
    const { status } = await render(error)
    assert.equal(status, 500)
  })

  test('the OpenAPI 503 says what a client may assume about a write', ({ assert }) => {
    const doc = openApiDocument('http://localhost') as any
    const description: string = doc.components.responses.ServiceUnavailable.description
    assert.include(description, 'may or may not have been committed')
    assert.include(description, 'idempotent')
  })
})
