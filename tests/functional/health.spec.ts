import { test } from '@japa/runner'

test.group('Health', () => {
  test('live answers 200 without touching dependencies', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBodyContains({ result: 'success', message: 'ok', status: 'ok' })
  })

  test('ready answers 200 and names the database check', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.equal(response.body().result, 'success')
    const names = response.body().checks.map((check: { name: string }) => check.name)
    assert.isTrue(names.some((name: string) => name.startsWith('Database health check')))
  })
})
