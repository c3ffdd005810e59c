import type { ApiResponse } from '@japa/api-client'

/* Sends a request and asserts its status: `await expectStatus(client.get(url), 200)`. */
export async function expectStatus(request: PromiseLike<ApiResponse>, status: number) {
  const response = await request
  response.assertStatus(status)
  return response
}
