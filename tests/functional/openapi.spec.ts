import { test } from '@japa/runner'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { registeredRoutes } from '#tests/helpers/registered_routes'
import { resolveRef } from '#tests/helpers/openapi'

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head']

type Doc = Record<string, any>

function documentedRoutes(doc: Doc) {
  return Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`)
  )
}

/* Every "$ref" anywhere in the document. */
function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((item) => refsOf(item, found))
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        found.push(value)
      } else {
        refsOf(value, found)
      }
    }
  }
  return found
}

async function fetchDocument(client: any): Promise<Doc> {
  const response = await client.get('/openapi.json')
  response.assertStatus(200)
  return response.body()
}

test.group('OpenAPI document', () => {
  test('GET /openapi.json serves an OpenAPI 3.1 document', async ({ client, assert }) => {
    const response = await client.get('/openapi.json')
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^application\/json/)
    const doc = response.body()
    assert.equal(doc.openapi, '3.1.0')
    assert.containsSubset(doc.components.securitySchemes, {
      bearerAuth: { type: 'http', scheme: 'bearer' },
      cookieAuth: { type: 'apiKey', in: 'cookie', name: 'access_token_cookie' },
      csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    })
  })

  test('every registered route is documented and every documented route is registered', async ({
    client,
    assert,
  }) => {
    const doc = await fetchDocument(client)
    const registered = registeredRoutes().map(
      ({ method, path }) => `${method.toUpperCase()} ${path}`
    )
    const documented = documentedRoutes(doc)
    const undocumented = registered.filter((route) => !documented.includes(route)).sort()
    const unregistered = documented.filter((route) => !registered.includes(route)).sort()
    assert.isEmpty(undocumented, `registered but not documented: ${undocumented.join(', ')}`)
    assert.isEmpty(unregistered, `documented but not registered: ${unregistered.join(', ')}`)
  })

  test('the document is internally consistent', async ({ client, assert }) => {
    const doc = await fetchDocument(client)
    for (const target of new Set(refsOf(doc))) {
      assert.exists(resolveRef(doc, { $ref: target }), `unresolved ${target}`)
    }

    const operationIds = new Set<string>()
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
      for (const [method, operation] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`
        assert.isFalse(operationIds.has(operation.operationId), `${where}: duplicate operationId`)
        operationIds.add(operation.operationId)

        const parameters = (operation.parameters ?? []).map((p: unknown) => resolveRef(doc, p))
        const pathParameters = parameters.filter((p: any) => p.in === 'path')
        assert.sameMembers(
          pathParameters.map((p: any) => p.name),
          templated,
          `${where}: path parameters`
        )
        assert.isTrue(
          parameters.some((p: any) => p.in === 'header' && p.name === 'X-Request-Id'),
          `${where}: X-Request-Id request header`
        )
        assert.isArray(operation.security, `${where}: security stated`)

        assert.isNotEmpty(Object.keys(operation.responses), where)
        for (const [status, response] of Object.entries(operation.responses)) {
          const resolved = resolveRef(doc, response)
          assert.exists(
            resolved.headers?.['X-Request-Id'],
            `${where} ${status}: X-Request-Id response header`
          )
          if (status === '429') {
            assert.exists(resolved.headers['Retry-After'], `${where}: Retry-After on 429`)
          }
        }
      }
    }
  })

  test('every schema in the document compiles as JSON Schema 2020-12', async ({
    client,
    assert,
  }) => {
    const doc = await fetchDocument(client)
    const ajv = new Ajv2020.default({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addFormat('password', true)
    ajv.addSchema({ $id: 'openapi.json', components: doc.components })
    for (const name of Object.keys(doc.components.schemas)) {
      assert.doesNotThrow(() => ajv.getSchema(`openapi.json#/components/schemas/${name}`), name)
    }

    /* And the envelope describes what the API actually sends. */
    const validateFailure = ajv.getSchema('openapi.json#/components/schemas/Failure')!
    const notFound = await client.get('/no/such/route')
    assert.isTrue(validateFailure(notFound.body()), JSON.stringify(validateFailure.errors))
    const live = await client.get('/health/live')
    const validateEnvelope = ajv.getSchema('openapi.json#/components/schemas/Envelope')!
    assert.isTrue(validateEnvelope(live.body()), JSON.stringify(validateEnvelope.errors))
  })

  test('GET /docs is a self-contained HTML page rendering the document', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/docs')
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/html/)
    const html = response.text()
    assert.include(html, "fetch('/openapi.json')")
    assert.notMatch(html, /<script[^>]+src=/i, 'no external scripts')
    assert.notMatch(html, /<link[^>]+href=/i, 'no external stylesheets')
    assert.notMatch(html, /https?:\/\//, 'no absolute URLs')
  })

  test('every operation documents 400; body operations 413 and 415; id operations the route 404', async ({
    client,
    assert,
  }) => {
    const doc = await fetchDocument(client)
    assert.exists(doc.components.responses.UnsupportedMediaType)
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`
        const responses = operation.responses
        if (!['/health/live', '/health/ready', '/openapi.json', '/docs'].includes(path)) {
          assert.exists(responses['400'], `${where}: 400`)
        }
        if (operation.requestBody) {
          assert.exists(responses['413'], `${where}: 413`)
          assert.exists(responses['415'], `${where}: 415`)
        }
        if (path.includes('{id}')) {
          const idParam = operation.parameters.find((p: any) => p.name === 'id')
          assert.equal(idParam.schema.maximum, 2_147_483_647, `${where}: id maximum`)
          const notFound = responses['404'].content['application/json'].schema
          const messages = notFound.allOf[1].properties.message.enum
          assert.include(messages, '존재하지 않는 경로', `${where}: route 404`)
          assert.lengthOf(messages, messages.includes('좋아요 기록 없음') ? 3 : 2, where)
        }
      }
    }
    const ingredients = doc.paths['/posts/forms/ingredients'].get.responses
    assert.exists(ingredients['304'])
    assert.exists(ingredients['422'])
  })
})
