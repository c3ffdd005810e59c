import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import limiter from '@adonisjs/limiter/services/main'
import { rateLimits } from '#start/limiter'
import { expectStatus } from '#tests/helpers/http'
import { loginHeaders } from '#tests/helpers/auth'
import { catalogue, makeMember, makeRecipe } from '#tests/helpers/recipes'
import { catalogueWithSoySauce, planRowCounts, setLineUnit } from '#tests/helpers/plans'
import { runPricesImport, writeTmp } from '#tests/helpers/price_import'
import { todayUtc } from '#tests/helpers/prices'
import { errors as vineErrors } from '@vinejs/vine'
import PlanWriter from '#services/plans/plan_writer'
import type Member from '#models/member'
import type { ApiClient, ApiResponse } from '@japa/api-client'

/* The body of a 200 answer. */
async function read(request: PromiseLike<ApiResponse>) {
  const response = await request
  response.assertStatus(200)
  return response.body()
}

interface MealBody {
  date: string
  post_id: number
  servings: number
}

async function createPlan(
  client: ApiClient,
  member: Member,
  body: { name: string; budget?: number | null; meals: MealBody[] }
): Promise<number> {
  const response = await client.post('/plans').json(body).loginAs(member)
  response.assertStatus(201)
  return response.body().plan_id
}

/*
 * Recipe A (2 servings): 간장 2 큰술 (30 ml) and 삼겹살 300 g.
 * Recipe B (1 serving): 간장 100 ml and 대파 85 g.
 * 간장 costs 5 KRW a ml, 삼겹살 14560 KRW / 500 g, 대파 3180 KRW / 850 g.
 */
async function twoRecipes(author: Member) {
  const ids = await catalogueWithSoySauce()
  const a = await makeRecipe(author, {
    title: '간장 삼겹살',
    servings: 2,
    lines: [
      ['간장', '2'],
      ['삼겹살', '300'],
    ],
  })
  await setLineUnit(a, ids['간장'], '큰술')
  const b = await makeRecipe(author, {
    title: '대파 간장국',
    servings: 1,
    lines: [
      ['간장', '100'],
      ['대파', '85'],
    ],
  })
  return { a, b, ids }
}

/* A plan named `name` of recipe A for 2 on 12-07 and recipe B for 1 on 12-08 (twoRecipes). */
async function planOfTwoRecipes(client: ApiClient, member: Member, name: string) {
  const { a, b, ids } = await twoRecipes(member)
  const planId = await createPlan(client, member, {
    name,
    meals: [
      { date: '2026-12-07', post_id: a, servings: 2 },
      { date: '2026-12-08', post_id: b, servings: 1 },
    ],
  })
  return { a, b, ids, planId }
}

test.group('Plans: create, read, update, delete', (group) => {
  group.each.setup(withRealCommits)

  test('POST /plans is 201 {plan_id}; GET answers the plan costed at current prices', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const { a, b } = await twoRecipes(member)
    const response = await client
      .post('/plans')
      .json({
        name: ' 이번 주 ',
        budget: 14000,
        meals: [
          { date: '2026-12-08', post_id: a, servings: 1 },
          { date: '2026-12-07', post_id: a, servings: 2 },
          { date: '2026-12-07', post_id: b, servings: '1' },
        ],
        member_id: 999,
      })
      .loginAs(member)
    response.assertStatus(201)
    assert.containsSubset(response.body(), { result: 'success', message: '식단 등록 성공' })
    const planId = response.body().plan_id
    assert.isAbove(planId, 0)

    const shown = await client.get(`/plans/${planId}`).loginAs(member)
    shown.assertStatus(200)
    const body = shown.body()
    assert.equal(body.message, '식단 조회 성공')
    assert.containsSubset(body.plan, { id: planId, name: '이번 주', budget: 14000 })
    assert.match(body.plan.create_date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    /* By day, then in the order written. A ×2: 150 + 8736; B: 500 + 318; A ×1: 75 + 4368. */
    assert.deepEqual(body.meals, [
      {
        date: '2026-12-07',
        post_id: a,
        title: '간장 삼겹살',
        servings: 2,
        price: 8886,
        price_per_serving: 4443,
      },
      {
        date: '2026-12-07',
        post_id: b,
        title: '대파 간장국',
        servings: 1,
        price: 818,
        price_per_serving: 818,
      },
      {
        date: '2026-12-08',
        post_id: a,
        title: '간장 삼겹살',
        servings: 1,
        price: 4443,
        price_per_serving: 4443,
      },
    ])
    assert.equal(body.total, 14147)
    assert.deepEqual(body.per_day, [
      { date: '2026-12-07', total: 9704 },
      { date: '2026-12-08', total: 4443 },
    ])
    assert.isTrue(body.over_budget)
    const [row] = await db.from('plans').where('id', planId)
    assert.equal(Number(row.member_id), member.id)
  })

  test('a meal costs what the recipe answers for that many servings at current prices', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const ids = await catalogue()
    const recipe = await makeRecipe(member, {
      servings: 3,
      lines: [
        ['삼겹살', '333.3'],
        ['마늘', '17'],
      ],
    })
    /* A newer price than the one the recipe was stored with. */
    await db.from('ingredients').where('id', ids['마늘']).update({ price: 9000 })
    const planId = await createPlan(client, member, {
      name: '가격',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 5 }],
    })
    const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
    const detail = await expectStatus(
      client.get(`/posts/${recipe}`).qs({ servings: 5 }).loginAs(member),
      200
    )
    /* 333.3 × 5/3 × 14560/500 + 17 × 5/3 × 9000/500 = 16175.7… + 510 */
    assert.equal(plan.meals[0].price, 16686)
    assert.equal(plan.meals[0].price, detail.body().post.price)
    assert.equal(plan.meals[0].price_per_serving, detail.body().post.price_per_serving)
    assert.equal(plan.total, 16686)
    assert.isFalse(plan.over_budget)
    assert.isNull(plan.plan.budget)
  })

  test('GET /plans lists the caller’s plans newest first, paged like /posts', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const other = await makeMember()
    const recipe = await makeRecipe(member)
    const ids: number[] = []
    for (const name of ['첫째', '둘째', '셋째']) {
      ids.push(
        await createPlan(client, member, {
          name,
          meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
        })
      )
    }
    await createPlan(client, other, { name: '남의 것', meals: [] })

    const first = await client.get('/plans').qs({ pageSize: 2 }).loginAs(member)
    first.assertStatus(200)
    assert.containsSubset(first.body(), {
      result: 'success',
      message: '식단 목록 조회 성공',
      pageNo: 1,
      pageSize: 2,
      total: 3,
      lastPage: 2,
    })
    assert.deepEqual(
      first.body().plans.map((plan: { id: number }) => plan.id),
      [ids[2], ids[1]]
    )
    assert.containsSubset(first.body().plans[0], { name: '셋째', budget: null, meal_count: 1 })
    const second = await client.get('/plans').qs({ pageNo: 2, pageSize: 2 }).loginAs(member)
    assert.deepEqual(
      second.body().plans.map((plan: { name: string }) => plan.name),
      ['첫째']
    )
    const past = await client.get('/plans').qs({ pageNo: 9 }).loginAs(member)
    assert.containsSubset(past.body(), { plans: [], total: 3, lastPage: 1 })

    const farthest = await client
      .get('/plans')
      .qs({ pageNo: Number.MAX_SAFE_INTEGER })
      .loginAs(member)
    assert.containsSubset(farthest.body(), { plans: [], total: 3, lastPage: 1 })

    const bad = await client.get('/plans').qs({ pageSize: 101 }).loginAs(member)
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].field, 'pageSize')
    for (const pageNo of ['9007199254740992', '999999999999999999999']) {
      const tooFar = await client.get('/plans').qs({ pageNo }).loginAs(member)
      tooFar.assertStatus(422)
      assert.containsSubset(tooFar.body().errors, [{ field: 'pageNo', rule: 'range' }])
    }
  })

  test('PUT /plans/{id} replaces name, budget and meals in one go; modify_date moves', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const { a, b } = await twoRecipes(member)
    const planId = await createPlan(client, member, {
      name: '처음',
      budget: 100,
      meals: [
        { date: '2026-12-07', post_id: a, servings: 2 },
        { date: '2026-12-08', post_id: a, servings: 2 },
      ],
    })
    const before = await read(client.get(`/plans/${planId}`).loginAs(member))
    await new Promise((resolve) => setTimeout(resolve, 5))

    const updated = await client
      .put(`/plans/${planId}`)
      .json({ name: '다음', meals: [{ date: '2026-12-09', post_id: b, servings: 2 }] })
      .loginAs(member)
    updated.assertStatus(200)
    updated.assertBody({ result: 'success', message: '식단 수정 성공', plan_id: planId })

    const after = await read(client.get(`/plans/${planId}`).loginAs(member))
    assert.containsSubset(after.plan, { id: planId, name: '다음', budget: null })
    assert.equal(after.plan.create_date, before.plan.create_date)
    assert.isAbove(Date.parse(after.plan.modify_date), Date.parse(before.plan.modify_date))
    assert.deepEqual(
      after.meals.map((meal: MealBody) => [meal.date, meal.post_id, meal.servings]),
      [['2026-12-09', b, 2]]
    )
    assert.equal(after.total, 1636)
    assert.isFalse(after.over_budget)
    assert.deepEqual(await planRowCounts(), { plans: 1, meals: 1 })

    /* An invalid replacement changes nothing. */
    const invalid = await client
      .put(`/plans/${planId}`)
      .json({ name: '', meals: [{ date: '2026-12-10', post_id: a, servings: 1 }] })
      .loginAs(member)
    invalid.assertStatus(422)
    const unchanged = await read(client.get(`/plans/${planId}`).loginAs(member))
    assert.equal(unchanged.plan.name, '다음')
    assert.lengthOf(unchanged.meals, 1)
  })

  test('DELETE /plans/{id} deletes the plan and its meals; then 404', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const recipe = await makeRecipe(member)
    const planId = await createPlan(client, member, {
      name: '지울 식단',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    const deleted = await client.delete(`/plans/${planId}`).loginAs(member)
    deleted.assertStatus(200)
    deleted.assertBody({ result: 'success', message: '식단 삭제 성공', plan_id: planId })
    assert.deepEqual(await planRowCounts(), { plans: 0, meals: 0 })
    const again = await client.delete(`/plans/${planId}`).loginAs(member)
    again.assertStatus(404)
    again.assertBody({ result: 'failed', message: '존재하지 않는 식단' })
    await expectStatus(client.get(`/plans/${planId}`).loginAs(member), 404)
  })
})

test.group('Plans: privacy', (group) => {
  group.each.setup(withRealCommits)

  test('another member gets 404 "존재하지 않는 식단" on every method; nothing changes', async ({
    client,
    assert,
  }) => {
    const owner = await makeMember()
    const stranger = await makeMember()
    const recipe = await makeRecipe(owner)
    const planId = await createPlan(client, owner, {
      name: '비밀 식단',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    const valid = { name: '빼앗은 식단', meals: [] }
    const attempts = [
      client.get(`/plans/${planId}`),
      client.put(`/plans/${planId}`).json(valid),
      /* Even an invalid body: 404 before any validation, so nothing is revealed. */
      client.put(`/plans/${planId}`).json({ name: '' }),
      client.delete(`/plans/${planId}`),
      client.get(`/plans/${planId}/shopping-list`),
      client.get(`/plans/${planId}/shopping-list`).qs({ format: 'csv' }),
    ]
    for (const attempt of attempts) {
      const response = await attempt.loginAs(stranger)
      response.assertStatus(404)
      response.assertBody({ result: 'failed', message: '존재하지 않는 식단' })
    }
    /* The same answer as for a plan that never existed. */
    const missing = await client.get(`/plans/${planId + 1000}`).loginAs(stranger)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 식단' })
    const list = await client.get('/plans').loginAs(stranger)
    assert.containsSubset(list.body(), { plans: [], total: 0 })

    const kept = await read(client.get(`/plans/${planId}`).loginAs(owner))
    assert.equal(kept.plan.name, '비밀 식단')
    assert.lengthOf(kept.meals, 1)
  })

  test('anonymous callers get 401 on every plan route', async ({ client }) => {
    const owner = await makeMember()
    const planId = await createPlan(client, owner, { name: '식단', meals: [] })
    for (const attempt of [
      client.get('/plans'),
      client.post('/plans').json({ name: '식단', meals: [] }),
      client.get(`/plans/${planId}`),
      client.put(`/plans/${planId}`).json({ name: '식단', meals: [] }),
      client.delete(`/plans/${planId}`),
      client.get(`/plans/${planId}/shopping-list`),
    ]) {
      const response = await attempt
      response.assertStatus(401)
      response.assertBody({ result: 'failed', message: '인증이 필요합니다' })
    }
  })

  test('a malformed id is the route 404', async ({ client }) => {
    const owner = await makeMember()
    for (const path of ['/plans/0', '/plans/2147483648', '/plans/abc/shopping-list']) {
      const response = await client.get(path).loginAs(owner)
      response.assertStatus(404)
      response.assertBody({ result: 'failed', message: '존재하지 않는 경로' })
    }
  })
})

test.group('Plans: validation', (group) => {
  group.each.setup(withRealCommits)

  test('each bad field is 422 on that field and writes nothing', async ({ client, assert }) => {
    const member = await makeMember()
    const recipe = await makeRecipe(member)
    const deleted = await makeRecipe(member)
    await expectStatus(client.delete(`/posts/${deleted}`).loginAs(member), 200)
    const meal = (
      servings: unknown = 1,
      postId: unknown = recipe,
      date: unknown = '2026-12-07'
    ) => ({
      date,
      post_id: postId,
      servings,
    })
    const meals = (bad: object) => [meal(), meal(), meal(), bad]
    const cases: [object, string, string][] = [
      [{ name: '식단', meals: meals(meal(1, recipe, '2026-02-30')) }, 'meals.3.date', 'date'],
      [{ name: '식단', meals: meals(meal(1, recipe, '어제')) }, 'meals.3.date', 'date'],
      [{ name: '식단', meals: meals(meal(1, recipe, 20261207)) }, 'meals.3.date', 'string'],
      [{ name: '식단', meals: meals(meal(0)) }, 'meals.3.servings', 'range'],
      [{ name: '식단', meals: meals(meal(101)) }, 'meals.3.servings', 'range'],
      [{ name: '식단', meals: meals(meal(1.5)) }, 'meals.3.servings', 'withoutDecimals'],
      [{ name: '식단', meals: meals(meal(1, recipe + 100_000)) }, 'meals.3.post_id', 'exists'],
      [{ name: '식단', meals: meals(meal(1, deleted)) }, 'meals.3.post_id', 'exists'],
      [{ name: '식단', meals: meals(meal(1, 0)) }, 'meals.3.post_id', 'range'],
      [
        { name: '식단', meals: Array.from({ length: 101 }, () => meal()) },
        'meals',
        'array.maxLength',
      ],
      [{ name: '식단', budget: -1, meals: [] }, 'budget', 'range'],
      [{ name: '식단', budget: '1e3', meals: [] }, 'budget', 'number'],
      [{ name: 'ㄱ'.repeat(101), meals: [] }, 'name', 'maxLength'],
      [{ name: '   ', meals: [] }, 'name', 'minLength'],
      [{ name: 'a\u0000b', meals: [] }, 'name', 'text'],
      [{ name: '식단' }, 'meals', 'required'],
    ]
    for (const [body, field, rule] of cases) {
      const response = await client.post('/plans').json(body).loginAs(member)
      response.assertStatus(422)
      assert.equal(response.body().message, '입력값이 올바르지 않음')
      const errors = response.body().errors as { field: string; rule: string; message: string }[]
      assert.deepEqual(
        errors.map((error) => [error.field, error.rule]),
        [[field, rule]],
        JSON.stringify(body).slice(0, 80)
      )
      assert.match(errors[0].message, /[가-힣]/, 'Korean message')
    }
    assert.deepEqual(await planRowCounts(), { plans: 0, meals: 0 })

    /* Every failing field at once. */
    const many = await client
      .post('/plans')
      .json({ name: '', budget: -5, meals: [meal(0, deleted, 'x')] })
      .loginAs(member)
    many.assertStatus(422)
    assert.sameMembers(
      many.body().errors.map((error: { field: string }) => error.field),
      ['name', 'budget', 'meals.0.date', 'meals.0.post_id', 'meals.0.servings']
    )

    /* 100 meals and a budget of 0 are fine. */
    const full = await client
      .post('/plans')
      .json({ name: '백 끼', budget: 0, meals: Array.from({ length: 100 }, () => meal(100)) })
      .loginAs(member)
    full.assertStatus(201)
    assert.deepEqual(await planRowCounts(), { plans: 1, meals: 100 })
  })
})

test.group('Plans: a recipe gone between validation and write', (group) => {
  group.each.setup(withRealCommits)

  test('the write is a 422 on meals and leaves no plan behind', async ({ assert }) => {
    const member = await makeMember()
    const recipe = await makeRecipe(member)
    /* As if the second recipe had been deleted after validatePlanForm looked it up. */
    const form = {
      name: '경합',
      budget: null,
      meals: [
        { date: '2026-12-07', postId: recipe, servings: 1 },
        { date: '2026-12-08', postId: recipe + 100_000, servings: 1 },
      ],
    }
    try {
      await PlanWriter.create(member.id, form)
      assert.fail('expected a validation error')
    } catch (error) {
      assert.instanceOf(error, vineErrors.E_VALIDATION_ERROR)
      assert.deepEqual((error as { messages: unknown }).messages, [
        { field: 'meals', rule: 'exists', message: '존재하지 않는 레시피' },
      ])
    }
    assert.deepEqual(await planRowCounts(), { plans: 0, meals: 0 })
  })
})

test.group('Plans: cascades', (group) => {
  group.each.setup(withRealCommits)

  test('a deleted recipe drops out of the plan; the plan stays', async ({ client, assert }) => {
    const member = await makeMember()
    const { a, b } = await twoRecipes(member)
    const planId = await createPlan(client, member, {
      name: '식단',
      meals: [
        { date: '2026-12-07', post_id: a, servings: 2 },
        { date: '2026-12-07', post_id: b, servings: 1 },
      ],
    })
    await expectStatus(client.delete(`/posts/${a}`).loginAs(member), 200)
    const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
    assert.deepEqual(
      plan.meals.map((meal: MealBody) => meal.post_id),
      [b]
    )
    assert.equal(plan.total, 818)
    const list = await read(client.get(`/plans/${planId}/shopping-list`).loginAs(member))
    assert.deepEqual(
      list.lines.map((line: { name: string; quantity: string }) => [line.name, line.quantity]),
      [
        ['간장', '100'],
        ['대파', '85'],
      ]
    )
  })

  test('deleting a member deletes their plans and meals', async ({ client, assert }) => {
    const member = await makeMember()
    const other = await makeMember()
    const recipe = await makeRecipe(other)
    await createPlan(client, member, {
      name: '식단',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    const kept = await createPlan(client, other, {
      name: '남는 식단',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    await expectStatus(client.delete(`/members/${member.id}`).loginAs(member), 200)
    assert.deepEqual(await planRowCounts(), { plans: 1, meals: 1 })
    const [row] = await db.from('plans').select('id')
    assert.equal(Number(row.id), kept)
  })
})

test.group('Plans: shopping list', (group) => {
  group.each.setup(withRealCommits)

  test('lines of every meal, scaled and summed per ingredient in its own measure', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const { ids, planId } = await planOfTwoRecipes(client, member, '장보기')
    const response = await client.get(`/plans/${planId}/shopping-list`).loginAs(member)
    response.assertStatus(200)
    /* 2 큰술 (30 ml) + 100 ml of 간장 is one line of 130 ml. */
    response.assertBody({
      result: 'success',
      message: '장보기 목록 조회 성공',
      lines: [
        { ingredient_id: ids['간장'], name: '간장', quantity: '130', measure: 'ml', cost: 650 },
        { ingredient_id: ids['대파'], name: '대파', quantity: '85', measure: 'g', cost: 318 },
        { ingredient_id: ids['삼겹살'], name: '삼겹살', quantity: '300', measure: 'g', cost: 8736 },
      ],
      total: 9704,
      unpriced: [],
    })
    const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
    assert.equal(plan.total, 9704)
  })

  test('pieces and grams of one ingredient meet in its measure; servings scale exactly', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const ids = await catalogue()
    /* 감자 is counted in 개, 150 g a piece (ingredient_pieces.csv). */
    const grams = await makeRecipe(member, { servings: 3, lines: [['감자', '300']] })
    await setLineUnit(grams, ids['감자'], 'g')
    const pieces = await makeRecipe(member, { servings: 1, lines: [['감자', '1']] })
    const planId = await createPlan(client, member, {
      name: '감자',
      meals: [
        { date: '2026-12-07', post_id: grams, servings: 1 },
        { date: '2026-12-07', post_id: pieces, servings: 2 },
      ],
    })
    const list = await read(client.get(`/plans/${planId}/shopping-list`).loginAs(member))
    /* 300 g for 3 servings, cooked for 1: 100 g = 2/3 개; plus 2 개. 14320 KRW / 50 개. */
    assert.deepEqual(list.lines, [
      { ingredient_id: ids['감자'], name: '감자', quantity: '2.6667', measure: '개', cost: 764 },
    ])
    assert.equal(list.total, 764)
  })

  test('the list total rounds once; the plan total rounds per meal (documented)', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    /* 1 g of 대파 costs 3180 / 850 = 3.74 KRW: 4 per meal, 11.22 for three. */
    const recipe = await makeRecipe(member, { lines: [['대파', '1']] })
    const meal = { date: '2026-12-07', post_id: recipe, servings: 1 }
    const planId = await createPlan(client, member, { name: '반올림', meals: [meal, meal, meal] })
    const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
    const list = await read(client.get(`/plans/${planId}/shopping-list`).loginAs(member))
    assert.equal(plan.total, 12)
    assert.equal(list.total, 11)
    assert.deepEqual(list.lines[0], {
      ingredient_id: list.lines[0].ingredient_id,
      name: '대파',
      quantity: '3',
      measure: 'g',
      cost: 11,
    })
    assert.isAtMost(Math.abs(plan.total - list.total), 0.5 * plan.meals.length)
  })

  test('an ingredient without a current price is listed in unpriced with a null cost', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const ids = await catalogue()
    const recipe = await makeRecipe(member, {
      lines: [
        ['마늘', '20'],
        ['대파', '85'],
      ],
    })
    await db.from('ingredients').where('id', ids['마늘']).update({ price: 0 })
    const planId = await createPlan(client, member, {
      name: '가격 없음',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    const list = await read(client.get(`/plans/${planId}/shopping-list`).loginAs(member))
    assert.deepEqual(list.unpriced, [ids['마늘']])
    assert.deepEqual(
      list.lines.map((line: { name: string; cost: number | null }) => [line.name, line.cost]),
      [
        ['대파', 318],
        ['마늘', null],
      ]
    )
    assert.equal(list.total, 318)
    const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
    assert.equal(plan.total, 318)
  })

  test('an empty plan has an empty list', async ({ client }) => {
    const member = await makeMember()
    const planId = await createPlan(client, member, { name: '빈 식단', meals: [] })
    const response = await client.get(`/plans/${planId}/shopping-list`).loginAs(member)
    response.assertBody({
      result: 'success',
      message: '장보기 목록 조회 성공',
      lines: [],
      total: 0,
      unpriced: [],
    })
    const plan = await client.get(`/plans/${planId}`).loginAs(member)
    plan.assertBodyContains({ meals: [], total: 0, per_day: [], over_budget: false })
  })

  test('?format=csv: a UTF-8 download with a BOM, a header row and a safe file name', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const name = '김치 "특식" 주간/식단\r\nX-Evil: 1'
    const { ids, planId } = await planOfTwoRecipes(client, member, name)
    /* Raw bytes: the BOM must reach the client. */
    const response = await fetch(
      `http://${process.env.HOST}:${process.env.PORT}/plans/${planId}/shopping-list?format=csv`,
      { headers: await loginHeaders(member) }
    )
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8')
    assert.isNull(response.headers.get('x-evil'))
    const fileName = '김치 특식 주간식단X-Evil: 1.csv'
    assert.equal(
      response.headers.get('content-disposition'),
      `attachment; filename="plan-${planId}.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`
    )
    assert.exists(response.headers.get('x-request-id'))
    const bytes = new Uint8Array(await response.arrayBuffer())
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    assert.equal(
      text,
      '\uFEFF' +
        [
          'ingredient_id,name,quantity,measure,cost',
          `${ids['간장']},간장,130,ml,650`,
          `${ids['대파']},대파,85,g,318`,
          `${ids['삼겹살']},삼겹살,300,g,8736`,
          ',합계,,,9704',
          '',
        ].join('\r\n')
    )
  })

  test('CSV cells are quoted and never start a formula; a name of only unsafe characters falls back', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    await db.table('ingredients').insert({
      name: '=HYPERLINK("x"),1',
      measure: 'g',
      price: 100,
      unit: 100,
      created_at: new Date(),
      updated_at: new Date(),
    })
    const recipe = await makeRecipe(member, { lines: [['=HYPERLINK("x"),1', '10']] })
    const planId = await createPlan(client, member, {
      name: '"/\\"',
      meals: [{ date: '2026-12-07', post_id: recipe, servings: 1 }],
    })
    const response = await client
      .get(`/plans/${planId}/shopping-list`)
      .qs({ format: 'csv' })
      .loginAs(member)
    response.assertStatus(200)
    assert.equal(
      response.header('content-disposition'),
      `attachment; filename="plan-${planId}.csv"; filename*=UTF-8''plan-${planId}.csv`
    )
    assert.include(response.text(), `,"'=HYPERLINK(""x""),1",10,g,10\r\n`)

    const bad = await client
      .get(`/plans/${planId}/shopping-list`)
      .qs({ format: 'xlsx' })
      .loginAs(member)
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].field, 'format')
  })
})

test.group('Plans: write rate limit', (group) => {
  const saved = rateLimits.writesPerMinute
  const forget = (memberId: number) =>
    limiter.use({ requests: 3, duration: '1 minute' }).delete(`writes_member_${memberId}`)

  group.each.setup(withRealCommits)
  group.setup(() => {
    rateLimits.writesPerMinute = 3
    return () => {
      rateLimits.writesPerMinute = saved
    }
  })

  test('plan writes count against the write budget; reads do not', async ({ client, assert }) => {
    const member = await makeMember()
    await forget(member.id)
    const planId = await createPlan(client, member, { name: '하나', meals: [] })
    await expectStatus(
      client.put(`/plans/${planId}`).json({ name: '둘', meals: [] }).loginAs(member),
      200
    )
    await expectStatus(client.post('/plans').json({ name: '셋', meals: [] }).loginAs(member), 201)
    const limited = await client.post('/plans').json({ name: '넷', meals: [] }).loginAs(member)
    limited.assertStatus(429)
    limited.assertBody({ result: 'failed', message: '요청이 너무 많음' })
    assert.isAbove(Number(limited.header('retry-after')), 0)
    await expectStatus(client.delete(`/plans/${planId}`).loginAs(member), 429)
    await expectStatus(client.get(`/plans/${planId}`).loginAs(member), 200)
    await expectStatus(client.get(`/plans/${planId}/shopping-list`).loginAs(member), 200)
    await expectStatus(client.get('/plans').loginAs(member), 200)
    assert.deepEqual(await planRowCounts(), { plans: 2, meals: 0 })
    await forget(member.id)
  })
})

/*
 * What a plan read computes is kept by its inputs' text (plan_contents.ts,
 * shopping_list.ts), never by id: the next read after a recipe edit or a new
 * current price answers the new figures.
 */
test.group('Plans: reads follow recipe edits and repricing', (group) => {
  group.each.setup(withRealCommits)

  test('editing a recipe, then repricing an ingredient, shows in the next plan and list read', async ({
    client,
    assert,
  }) => {
    const member = await makeMember()
    const { a, ids, planId } = await planOfTwoRecipes(client, member, '변경')
    const check = async (expected: {
      meal: number
      total: number
      lines: [string, string, number][]
      listTotal: number
    }) => {
      const plan = await read(client.get(`/plans/${planId}`).loginAs(member))
      const detail = await read(client.get(`/posts/${a}`).qs({ servings: 2 }))
      assert.equal(plan.meals[0].price, expected.meal)
      assert.equal(plan.meals[0].price, detail.post.price)
      assert.equal(plan.total, expected.total)
      const list = await read(client.get(`/plans/${planId}/shopping-list`).loginAs(member))
      assert.deepEqual(
        list.lines.map((line: { name: string; quantity: string; cost: number }) => [
          line.name,
          line.quantity,
          line.cost,
        ]),
        expected.lines
      )
      assert.equal(list.total, expected.listTotal)
      const csv = await client
        .get(`/plans/${planId}/shopping-list`)
        .qs({ format: 'csv' })
        .loginAs(member)
      assert.include(csv.text(), `,합계,,,${expected.listTotal}\r\n`)
    }
    /* Twice: the second read is answered from what the first one kept. */
    for (let round = 0; round < 2; round++) {
      await check({
        meal: 8886,
        total: 9704,
        lines: [
          ['간장', '130', 650],
          ['대파', '85', 318],
          ['삼겹살', '300', 8736],
        ],
        listTotal: 9704,
      })
    }

    /* Recipe A for 4 servings: 1 컵 (200 ml) of 간장 and 600 g of 삼겹살; the meal cooks 2. */
    const edit = await client
      .put(`/posts/forms/${a}`)
      .json({
        post: { title: '간장 삼겹살', content: '굽는다', servings: 4 },
        ingredients: [
          { id: ids['간장'], quantity: '1', measure: '컵' },
          { id: ids['삼겹살'], quantity: '600' },
        ],
      })
      .loginAs(member)
    edit.assertStatus(200)
    /* 100 ml × 5 + 300 g × 14560/500 = 500 + 8736; B stays 818. */
    await check({
      meal: 9236,
      total: 10054,
      lines: [
        ['간장', '200', 1000],
        ['대파', '85', 318],
        ['삼겹살', '300', 8736],
      ],
      listTotal: 10054,
    })

    const file = await writeTmp('plan-reprice.csv', 'name,measure,price,unit\n삼겹살,g,3333,100\n')
    const command = await runPricesImport(file, `--date=${todayUtc()}`)
    command.assertSucceeded()
    /* 300 g × 3333/100 = 9999. */
    await check({
      meal: 10499,
      total: 11317,
      lines: [
        ['간장', '200', 1000],
        ['대파', '85', 318],
        ['삼겹살', '300', 9999],
      ],
      listTotal: 11317,
    })
  })
})
