import { test } from '@japa/runner'
import { expectStatus } from '#tests/helpers/http'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import RecipeWriter from '#services/recipes/recipe_writer'
import { catalogue, makeMember, makeRecipe, storedPrice } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

type FieldError = { field: string; rule: string; message: string }

function rulesOf(errors: FieldError[]) {
  return errors.map((error) => `${error.field}:${error.rule}`)
}

async function linesOf(postId: number) {
  const rows = await db
    .from('post_ingredients')
    .where('post_id', postId)
    .orderBy('position')
    .select('ingredient_id', 'quantity', 'position')
  return rows.map((row) => [Number(row.ingredient_id), Number(row.quantity), Number(row.position)])
}

test.group('POST /posts/forms', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates a recipe priced by the server from the catalogue', async ({ client, assert }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const other = await makeMember()
    const response = await client
      .post('/posts/forms')
      .json({
        post: {
          title: '  삼겹살 구이 ',
          content: '굽는다',
          servings: 2,
          price: 1,
          like: 99,
          user_id: other.id,
        },
        ingredients: [
          { id: ids['삼겹살'], quantity: '300', price: 1, unit: 1 },
          { id: ids['대파'], quantity: 85, name: '무시됨' },
        ],
        user_id: other.id,
        price: 5,
      })
      .loginAs(alice)
    response.assertStatus(201)
    const body = response.body()
    assert.deepEqual(Object.keys(body).sort(), [
      'message',
      'post_id',
      'price',
      'price_per_serving',
      'result',
    ])
    /* 14560 × 300 / 500 + 3180 × 85 / 850 = 8736 + 318 */
    assert.include(body, {
      result: 'success',
      message: '레시피 등록 성공',
      price: 9054,
      price_per_serving: 4527,
    })
    const row = await db.from('posts').where('id', body.post_id).firstOrFail()
    assert.equal(Number(row.member_id), alice.id)
    assert.equal(row.title, '삼겹살 구이')
    assert.equal(Number(row.servings), 2)
    /* Stored for the lists' price sorts, with the newest price date of its ingredients. */
    const stored = await storedPrice({ id: body.post_id })
    assert.include(stored, { price: 9054, pricePerServing: 4527 })
    assert.match(stored.priceDate!, /^\d{4}-\d{2}-\d{2}$/)
    assert.equal(Number(row.like_count), 0)
    assert.deepEqual(await linesOf(body.post_id), [
      [ids['삼겹살'], 300, 0],
      [ids['대파'], 85, 1],
    ])
  })

  test('servings defaults to 1; no lines costs 0; limits at their edge are accepted', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const plain = await client
      .post('/posts/forms')
      .json({ post: { title: '물', content: '마신다' } })
      .loginAs(alice)
    plain.assertStatus(201)
    assert.include(plain.body(), { price: 0, price_per_serving: 0 })
    const row = await db.from('posts').where('id', plain.body().post_id).firstOrFail()
    assert.equal(Number(row.servings), 1)

    const edge = await client
      .post('/posts/forms')
      .json({
        post: { title: '가'.repeat(200), content: 'x'.repeat(20_000), servings: 100 },
        ingredients: [
          { id: ids['쌀'], quantity: 1_000_000 },
          { id: String(ids['깻잎']), quantity: '0.0001' },
          { id: ids['소면'], quantity: '  12.5000 ' },
        ],
      })
      .loginAs(alice)
    edge.assertStatus(201)
    /* 54900 × 1e6 / 20000 = 2,745,000; 1100 × 0.0001 / 10 = 0.011; 3480 × 12.5 / 900 = 48.33… */
    assert.include(edge.body(), { price: 2_745_048, price_per_serving: 27_450 })
    assert.deepEqual(await linesOf(edge.body().post_id), [
      [ids['쌀'], 1_000_000, 0],
      [ids['깻잎'], 0.0001, 1],
      [ids['소면'], 12.5, 2],
    ])
  })

  test('anonymous is 401', async ({ client }) => {
    const response = await client.post('/posts/forms').json({ post: { title: 't', content: 'c' } })
    response.assertStatus(401)
    response.assertBodyContains({ result: 'failed' })
  })

  test('every violation is listed with its field and rule', async ({ client, assert }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const response = await client
      .post('/posts/forms')
      .json({
        post: { title: '   ', content: '', servings: 0 },
        ingredients: [
          { id: ids['삼겹살'], quantity: 0 },
          { id: 999_999, quantity: '1' },
          { id: ids['삼겹살'], quantity: '1.00001' },
          { id: ids['대파'], quantity: 'abc' },
          { id: ids['마늘'], quantity: 1_000_001 },
          { id: ids['양파'], quantity: -1 },
          { id: ids['감자'] },
          { quantity: 1 },
          { id: 1.5, quantity: 1 },
        ],
      })
      .loginAs(alice)
    response.assertStatus(422)
    assert.equal(response.body().result, 'failed')
    assert.equal(response.body().message, '입력값이 올바르지 않음')
    assert.sameMembers(rulesOf(response.body().errors), [
      'post.title:minLength',
      'post.content:minLength',
      'post.servings:range',
      'ingredients.0.quantity:quantity.range',
      'ingredients.1.id:exists',
      'ingredients.2.id:distinct',
      'ingredients.2.quantity:quantity.decimals',
      'ingredients.3.quantity:quantity.number',
      'ingredients.4.quantity:quantity.range',
      'ingredients.5.quantity:quantity.range',
      'ingredients.6.quantity:required',
      'ingredients.7.id:required',
      'ingredients.8.id:withoutDecimals',
    ])
    const decimals = response
      .body()
      .errors.find((error: FieldError) => error.rule === 'quantity.decimals')
    assert.include(decimals.message, '소수점 아래 4자리')
    assert.equal(
      await db
        .from('posts')
        .count('* as total')
        .first()
        .then((row) => Number(row.total)),
      0
    )
  })

  test('lengths, types and counts over the limits', async ({ client, assert }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const cases: [object, string[]][] = [
      [{}, ['post:required']],
      [{ post: 'x' }, ['post:object']],
      [{ post: { content: 'c' } }, ['post.title:required']],
      [{ post: { title: 't' } }, ['post.content:required']],
      [{ post: { title: 'x'.repeat(201), content: 'c' } }, ['post.title:maxLength']],
      [{ post: { title: 't', content: 'x'.repeat(20_001) } }, ['post.content:maxLength']],
      [{ post: { title: 't', content: 'c', servings: 101 } }, ['post.servings:range']],
      [{ post: { title: 't', content: 'c', servings: 1.5 } }, ['post.servings:withoutDecimals']],
      [{ post: { title: 't', content: 'c', servings: 'two' } }, ['post.servings:number']],
      [{ post: { title: 5, content: 'c' } }, ['post.title:string']],
      [{ post: { title: 't', content: 'c' }, ingredients: {} }, ['ingredients:array']],
      [
        {
          post: { title: 't', content: 'c' },
          ingredients: Array.from({ length: 51 }, (_, index) => ({ id: index + 1, quantity: 1 })),
        },
        ['ingredients:array.maxLength'],
      ],
      [
        { post: { title: 't', content: 'c' }, ingredients: [{ id: ids['쌀'], quantity: '1e3' }] },
        ['ingredients.0.quantity:quantity.number'],
      ],
      [
        { post: { title: 't', content: 'c' }, ingredients: [{ id: ids['쌀'], quantity: true }] },
        ['ingredients.0.quantity:quantity.number'],
      ],
      [
        { post: { title: 't', content: 'c' }, ingredients: [{ id: ids['쌀'], quantity: 1e-7 }] },
        ['ingredients.0.quantity:quantity.decimals'],
      ],
      [
        { post: { title: 't', content: 'c' }, ingredients: [{ id: ids['쌀'], quantity: null }] },
        ['ingredients.0.quantity:required'],
      ],
      [
        { post: { title: 't', content: 'c' }, ingredients: [{ id: 2_147_483_648, quantity: 1 }] },
        ['ingredients.0.id:range'],
      ],
    ]
    for (const [body, expected] of cases) {
      const response = await client.post('/posts/forms').json(body).loginAs(alice)
      response.assertStatus(422)
      assert.sameMembers(
        rulesOf(response.body().errors),
        expected,
        JSON.stringify(body).slice(0, 80)
      )
    }
  })

  test('malformed JSON is 400 "잘못된 요청 형식"', async ({ client }) => {
    const alice = await makeMember()
    const response = await client.post('/posts/forms').unsafeJson('{"post":').loginAs(alice)
    response.assertStatus(400)
    response.assertBodyContains({ result: 'failed', message: '잘못된 요청 형식' })
  })
})

test.group('RecipeWriter: the catalogue changed since validation', (group) => {
  /*
   * Real commits: on PostgreSQL the failed write is one statement, which
   * would abort a surrounding global transaction.
   */
  group.each.setup(withRealCommits)

  test('an ingredient gone since the form was validated is a 422 that writes nothing', async ({
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const posts = async () => {
      const [row] = await db.from('posts').count('* as total')
      return Number(row.total)
    }
    const before = await posts()
    const gone = 987_654
    const piece = { measure: 'g', gramsPerPiece: null, mlPerPiece: null, priceDate: null }
    const form = {
      title: '김치찌개',
      content: '끓인다',
      servings: 1,
      lines: [
        { ingredientId: ids['삼겹살'], quantity: '300' },
        { ingredientId: gone, quantity: '1' },
      ],
      /* As validated a moment ago, when the row still existed. */
      catalogue: new Map([
        [ids['삼겹살'], { ...piece, price: 1000, unit: 100 }],
        [gone, { ...piece, price: 500, unit: 1 }],
      ]),
    }
    const error = await RecipeWriter.create(alice.id, form).then(
      () => null,
      (caught: unknown) => caught
    )
    assert.instanceOf(error, vineErrors.E_VALIDATION_ERROR)
    assert.deepEqual((error as InstanceType<typeof vineErrors.E_VALIDATION_ERROR>).messages, [
      { field: 'ingredients', rule: 'exists', message: '존재하지 않는 재료' },
    ])
    assert.equal(await posts(), before)
  })
})

test.group('GET and PUT /posts/forms/{id}', (group) => {
  group.each.setup(withRealCommits)

  test('the author gets the edit form', async ({ client, assert }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const postId = await makeRecipe(alice, {
      title: '된장찌개',
      content: '끓인다',
      servings: 3,
      lines: [
        ['감자', '2'],
        ['양파', '0.5'],
      ],
    })
    const response = await client.get(`/posts/forms/${postId}`).loginAs(alice)
    response.assertStatus(200)
    assert.deepEqual(response.body(), {
      result: 'success',
      message: '레시피 수정 폼 조회 성공',
      post: { id: postId, title: '된장찌개', content: '끓인다', servings: 3 },
      ingredients: [
        { id: ids['감자'], name: '감자', measure: '개', quantity: 2 },
        { id: ids['양파'], name: '양파', measure: 'g', quantity: 0.5 },
      ],
    })
  })

  test('edit form: another member 403, anonymous 401, unknown 404', async ({ client }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice)
    const other = await client.get(`/posts/forms/${postId}`).loginAs(bob)
    other.assertStatus(403)
    other.assertBody({ result: 'failed', message: '수정 권한이 없음' })
    const anonymous = await client.get(`/posts/forms/${postId}`)
    anonymous.assertStatus(401)
    const missing = await client.get('/posts/forms/999999').loginAs(alice)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })
  })

  test('the author updates: fields, lines replaced, price recomputed, modify_date set', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember()
    const postId = await makeRecipe(alice, { lines: [['삼겹살', '300']] })
    const before = await client.get(`/posts/${postId}`)
    await new Promise((resolve) => setTimeout(resolve, 5))

    const response = await client
      .put(`/posts/forms/${postId}`)
      .json({
        post: { title: '수정된 제목', content: '새 내용', servings: 4, price: 1 },
        ingredients: [
          { id: ids['대파'], quantity: '85' },
          { id: ids['삼겹살'], quantity: 500 },
        ],
      })
      .loginAs(alice)
    response.assertStatus(200)
    assert.deepEqual(response.body(), {
      result: 'success',
      message: '레시피 수정 성공',
      post_id: postId,
      price: 14560 + 318,
      price_per_serving: Math.round(14878 / 4),
    })
    assert.deepEqual(await linesOf(postId), [
      [ids['대파'], 85, 0],
      [ids['삼겹살'], 500, 1],
    ])
    const after = await client.get(`/posts/${postId}`)
    assert.include(after.body().post, { title: '수정된 제목', content: '새 내용', servings: 4 })
    assert.equal(after.body().post.create_date, before.body().post.create_date)
    assert.isAbove(
      Date.parse(after.body().post.modify_date),
      Date.parse(before.body().post.modify_date)
    )
    const listed = await client.get('/posts')
    assert.include(listed.body().posts[0], { id: postId, price: 14878, price_per_serving: 3720 })
  })

  test('update: another member 403 (even with an invalid body), anonymous 401, unknown 404, invalid 422', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice, { title: '원래 제목' })
    const valid = { post: { title: '탈취', content: 'c' } }

    const other = await client.put(`/posts/forms/${postId}`).json(valid).loginAs(bob)
    other.assertStatus(403)
    other.assertBody({ result: 'failed', message: '수정 권한이 없음' })
    const otherInvalid = await client.put(`/posts/forms/${postId}`).json({}).loginAs(bob)
    otherInvalid.assertStatus(403)

    const anonymous = await client.put(`/posts/forms/${postId}`).json(valid)
    anonymous.assertStatus(401)

    const missing = await client.put('/posts/forms/999999').json(valid).loginAs(alice)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })

    const invalid = await client
      .put(`/posts/forms/${postId}`)
      .json({ post: { title: '', content: 'c' }, ingredients: [{ id: 999_999, quantity: 1 }] })
      .loginAs(alice)
    invalid.assertStatus(422)
    assert.sameMembers(rulesOf(invalid.body().errors), [
      'post.title:minLength',
      'ingredients.0.id:exists',
    ])

    const row = await db.from('posts').where('id', postId).firstOrFail()
    assert.equal(row.title, '원래 제목')
  })
})

test.group('DELETE /posts/{id}', (group) => {
  group.each.setup(withRealCommits)

  test('the author deletes; lines, comments, likes and comment likes go with it', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice, { lines: [['삼겹살', '300']] })
    const keptId = await makeRecipe(alice)
    const comment = await client
      .post(`/posts/${postId}/comments`)
      .json({ content: '좋아요' })
      .loginAs(bob)
    const commentId = comment.body().comment_id
    await expectStatus(client.post(`/posts/${postId}/likes`).loginAs(bob), 201)
    await expectStatus(client.post(`/posts/comments/${commentId}/likes`).loginAs(alice), 201)

    const response = await client.delete(`/posts/${postId}`).loginAs(alice)
    response.assertStatus(200)
    response.assertBody({ result: 'success', message: '레시피 삭제 성공' })

    for (const [table, column, id] of [
      ['post_ingredients', 'post_id', postId],
      ['comments', 'post_id', postId],
      ['post_likes', 'post_id', postId],
      ['comment_likes', 'comment_id', commentId],
    ] as const) {
      const row = await db.from(table).where(column, id).count('* as total').first()
      assert.equal(Number(row.total), 0, table)
    }
    await expectStatus(client.get(`/posts/${postId}`), 404)
    const list = await client.get('/posts')
    assert.equal(list.body().total, 1)
    assert.deepEqual(
      list.body().posts.map((post: { id: number }) => post.id),
      [keptId]
    )
  })

  test('another member 403 "삭제 권한이 없음", anonymous 401, unknown 404', async ({ client }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice)
    const other = await client.delete(`/posts/${postId}`).loginAs(bob)
    other.assertStatus(403)
    other.assertBody({ result: 'failed', message: '삭제 권한이 없음' })
    await expectStatus(client.delete(`/posts/${postId}`), 401)
    const missing = await client.delete('/posts/999999').loginAs(alice)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })
    await expectStatus(client.get(`/posts/${postId}`), 200)
  })
})
