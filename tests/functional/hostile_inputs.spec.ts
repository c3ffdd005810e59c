import { test } from '@japa/runner'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import { withRealCommits } from '#tests/helpers/database'
import { makeMember, makeRecipe } from '#tests/helpers/recipes'
import { ingredientId } from '#tests/helpers/prices'

/*
 * Contract §1: bad input is a 4xx in the envelope, never a 500. Every query
 * parameter of the read and plan routes, and every field of a plan body,
 * gets each value below (query values also as `name[]=` and `name[a]=`).
 * A sweep like this found a page number past 2^53 (its OFFSET written
 * 1e+22) and a budget past the 32-bit price column (PostgreSQL).
 */
const HOSTILE: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  2 ** 31,
  2 ** 53 + 1,
  '',
  'abc',
  '１２',
  '1e3',
  '0x10',
  [],
  [1],
  {},
  '\u0000',
  '\uD800',
  'a'.repeat(5000),
  '2025-02-30',
  '0000-01-01',
  '9999-12-31',
  '999999999999999999999',
  '1e-400',
]

/* A value as a query string carries it (an array or object as its JSON text). */
const asText = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)

/* The three spellings of `name=value` in a query string. */
function queries(name: string, value: unknown) {
  /* A lone surrogate has no UTF-8 form: its CESU-8 bytes, which are not UTF-8 either. */
  const text = asText(value).isWellFormed() ? encodeURIComponent(asText(value)) : '%ED%A0%80'
  return [`${name}=${text}`, `${name}[]=${text}`, `${name}[a]=${text}`]
}

/* Routes and their query parameters; `auth` routes are called as the plan's owner. */
const READS = (postId: number, ingredient: number, planId: number) => [
  { path: '/posts', names: ['pageNo', 'pageSize', 'q', 'sort', 'maxPrice', 'author'] },
  { path: `/posts/${postId}`, names: ['servings', 'asOf'] },
  { path: `/posts/${postId}/costs`, names: ['from', 'to', 'interval'] },
  { path: `/posts/${postId}/costs.svg`, names: ['from', 'to', 'interval'] },
  { path: `/ingredients/${ingredient}/prices`, names: ['from', 'to'] },
  { path: '/ingredients', names: ['q'] },
  { path: '/plans', names: ['pageNo', 'pageSize'], auth: true },
  { path: `/plans/${planId}/shopping-list`, names: ['format'], auth: true },
]

interface Failure {
  request: string
  status: number
  body: string
}

/* A 500, or a JSON answer without the envelope, is a failure. */
async function check(request: ApiRequest, label: string, failures: Failure[]) {
  const response = await request
  const status = response.status()
  const type = String(response.header('content-type') ?? '')
  const enveloped = !type.includes('json') || typeof response.body()?.result === 'string'
  if (status >= 500 || !enveloped) {
    failures.push({ request: label, status, body: response.text().slice(0, 200) })
  }
}

async function ownedPlan(client: ApiClient) {
  const owner = await makeMember()
  const recipe = await makeRecipe(owner, { lines: [['삼겹살', '300']] })
  const created = await client
    .post('/plans')
    .json({ name: '주간', meals: [{ date: '2026-12-07', post_id: recipe, servings: 2 }] })
    .loginAs(owner)
  created.assertStatus(201)
  return { owner, recipe, planId: created.body().plan_id as number }
}

test.group('Hostile inputs are never a 500', (group) => {
  group.each.setup(withRealCommits)

  test('every query parameter of the read and plan routes', async ({ client, assert }) => {
    const { owner, recipe, planId } = await ownedPlan(client)
    const failures: Failure[] = []
    const pork = await ingredientId('삼겹살')
    for (const { path, names, auth } of READS(recipe, pork, planId)) {
      for (const name of names) {
        for (const value of HOSTILE) {
          for (const query of queries(name, value)) {
            const request = client.get(`${path}?${query}`)
            await check(auth ? request.loginAs(owner) : request, `GET ${path}?${query}`, failures)
          }
        }
      }
    }
    assert.deepEqual(failures, [])
  }).timeout(120_000)

  test('every field of a plan body, created and replaced', async ({ client, assert }) => {
    const { owner, recipe, planId } = await ownedPlan(client)
    const meal = { date: '2026-12-08', post_id: recipe, servings: 1 }
    const failures: Failure[] = []
    for (const value of HOSTILE) {
      const bodies = [
        { name: value, meals: [meal] },
        { name: '식단', budget: value, meals: [meal] },
        { name: '식단', meals: value },
        { name: '식단', meals: [value] },
        { name: '식단', meals: [{ ...meal, date: value }] },
        { name: '식단', meals: [{ ...meal, post_id: value }] },
        { name: '식단', meals: [{ ...meal, servings: value }] },
      ]
      for (const body of bodies) {
        const label = JSON.stringify(body).slice(0, 120)
        await check(
          client.put(`/plans/${planId}`).json(body).loginAs(owner),
          `PUT ${label}`,
          failures
        )
      }
      await check(client.post('/plans').json({ name: value }).loginAs(owner), 'POST', failures)
    }
    assert.deepEqual(failures, [])
  }).timeout(120_000)

  test('every field of a recipe form and a comment', async ({ client, assert }) => {
    const { owner, recipe } = await ownedPlan(client)
    const post = { title: '제목', content: '내용', servings: 2 }
    const line = { id: await ingredientId('삼겹살'), quantity: '300', measure: 'g' }
    const failures: Failure[] = []
    for (const value of HOSTILE) {
      const forms = [
        { post: { ...post, title: value }, ingredients: [line] },
        { post: { ...post, servings: value }, ingredients: [line] },
        { post: value, ingredients: [line] },
        { post, ingredients: value },
        { post, ingredients: [value] },
        { post, ingredients: [{ ...line, id: value }] },
        { post, ingredients: [{ ...line, quantity: value }] },
        { post, ingredients: [{ ...line, measure: value }] },
      ]
      for (const form of forms) {
        const label = JSON.stringify(form).slice(0, 120)
        await check(
          client.put(`/posts/forms/${recipe}`).json(form).loginAs(owner),
          `PUT ${label}`,
          failures
        )
      }
      await check(
        client.post(`/posts/${recipe}/comments`).json({ content: value }).loginAs(owner),
        `POST comment ${asText(value).slice(0, 40)}`,
        failures
      )
    }
    assert.deepEqual(failures, [])
  }).timeout(120_000)
})
