import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import CommentService from '#services/comment_service'
import LikeService, { COMMENT_LIKES, POST_LIKES } from '#services/like_service'
import { catalogue, makeMember, makeRecipe } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

test.group('GET /posts/{id}', (group) => {
  group.each.setup(withRealCommits)

  test('answers the recipe, its costed lines and its comments oldest first', async ({
    client,
    assert,
  }) => {
    const ids = await catalogue()
    const alice = await makeMember('alice')
    const bob = await makeMember('bob')
    const postId = await makeRecipe(alice, {
      title: '삼겹살 구이',
      content: '굽는다',
      servings: 2,
      lines: [
        ['삼겹살', '300'],
        ['대파', '85.5'],
      ],
    })
    const first = await CommentService.create(bob.id, postId, '맛있어요')
    const second = await CommentService.create(alice.id, postId, '감사합니다')
    await LikeService.like(POST_LIKES, bob.id, postId)
    await LikeService.like(COMMENT_LIKES, alice.id, first)

    const response = await client.get(`/posts/${postId}`)
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(Object.keys(body).sort(), ['comments', 'message', 'post', 'result'])
    assert.equal(body.message, '레시피 조회 성공')
    assert.deepEqual(Object.keys(body.post).sort(), [
      'content',
      'create_date',
      'id',
      'ingredients',
      'like',
      'liked',
      'modify_date',
      'price',
      'price_per_serving',
      'servings',
      'title',
      'user_id',
      'username',
    ])
    /* 14560 × 300 / 500 = 8736; 3180 × 85.5 / 850 = 319.87…; price round(9055.87…) = 9056 */
    assert.include(body.post, {
      id: postId,
      title: '삼겹살 구이',
      content: '굽는다',
      user_id: alice.id,
      username: 'alice',
      price: 9056,
      servings: 2,
      price_per_serving: 4528,
      like: 1,
      liked: false,
    })
    assert.match(body.post.create_date, ISO_UTC_MS)
    assert.match(body.post.modify_date, ISO_UTC_MS)
    assert.deepEqual(body.post.ingredients, [
      { id: ids['삼겹살'], name: '삼겹살', measure: 'g', quantity: 300, cost: 8736 },
      { id: ids['대파'], name: '대파', measure: 'g', quantity: 85.5, cost: 320 },
    ])
    assert.deepEqual(
      body.comments.map((comment: Record<string, unknown>) => ({
        ...comment,
        create_date: typeof comment.create_date,
        modify_date: typeof comment.modify_date,
      })),
      [
        {
          id: first,
          content: '맛있어요',
          user_id: bob.id,
          username: 'bob',
          create_date: 'string',
          modify_date: 'string',
          like: 1,
          liked: false,
        },
        {
          id: second,
          content: '감사합니다',
          user_id: alice.id,
          username: 'alice',
          create_date: 'string',
          modify_date: 'string',
          like: 0,
          liked: false,
        },
      ]
    )
    assert.match(body.comments[0].create_date, ISO_UTC_MS)
  })

  test('?servings=N scales quantities, costs and price; per serving stays', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice, {
      servings: 2,
      lines: [
        ['삼겹살', '300'],
        ['대파', '85'],
      ],
    })
    const base = await client.get(`/posts/${postId}`)
    assert.include(base.body().post, { price: 9054, servings: 2, price_per_serving: 4527 })

    const four = await client.get(`/posts/${postId}`).qs({ servings: 4 })
    four.assertStatus(200)
    assert.include(four.body().post, { price: 18108, servings: 4, price_per_serving: 4527 })
    assert.deepEqual(
      four
        .body()
        .post.ingredients.map((line: { quantity: number; cost: number }) => [
          line.quantity,
          line.cost,
        ]),
      [
        [600, 17472],
        [170, 636],
      ]
    )

    const three = await client.get(`/posts/${postId}`).qs({ servings: 3 })
    /* 450 g pork = 13104; 127.5 g leek = 477; 13581 / 3 = 4527 */
    assert.include(three.body().post, { price: 13581, servings: 3, price_per_serving: 4527 })
    assert.deepEqual(
      three.body().post.ingredients.map((line: { quantity: number }) => line.quantity),
      [450, 127.5]
    )
  })

  test('numeric-string quantities with decimals cost exactly', async ({ client, assert }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice, {
      lines: [
        ['깻잎', '0.1'],
        ['상추', '0.2'],
      ],
    })
    const response = await client.get(`/posts/${postId}`)
    /* 1100 × 0.1 / 10 = 11; 2587 × 0.2 / 10 = 51.74; total 62.74 → 63 */
    assert.include(response.body().post, { price: 63, price_per_serving: 63 })
    assert.deepEqual(
      response
        .body()
        .post.ingredients.map((line: { quantity: number; cost: number }) => [
          line.quantity,
          line.cost,
        ]),
      [
        [0.1, 11],
        [0.2, 52],
      ]
    )
  })

  test('a recipe without lines or comments', async ({ client, assert }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice)
    const response = await client.get(`/posts/${postId}`)
    response.assertStatus(200)
    assert.include(response.body().post, { price: 0, price_per_serving: 0, like: 0, liked: false })
    assert.deepEqual(response.body().post.ingredients, [])
    assert.deepEqual(response.body().comments, [])
  })

  test('comment times are exact to the millisecond; equal times are ordered by id', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice)
    const at = (iso: string) => new Date(iso)
    const insert = async (created: string, updated: string) => {
      const [row] = await db
        .table('comments')
        .insert({
          post_id: postId,
          member_id: alice.id,
          content: created,
          created_at: at(created),
          updated_at: at(updated),
        })
        .returning('id')
      return Number(typeof row === 'object' ? row.id : row)
    }
    const late = await insert('2026-03-04T05:06:07.999Z', '2026-03-05T00:00:00.001Z')
    const tieB = await insert('2026-03-04T05:06:07.891Z', '2026-03-04T05:06:07.891Z')
    const tieA = await insert('2026-03-04T05:06:07.891Z', '2026-03-04T05:06:08.000Z')

    const response = await client.get(`/posts/${postId}`)
    response.assertStatus(200)
    assert.deepEqual(
      response
        .body()
        .comments.map((comment: Record<string, unknown>) => [
          comment.id,
          comment.create_date,
          comment.modify_date,
        ]),
      [
        [tieB, '2026-03-04T05:06:07.891Z', '2026-03-04T05:06:07.891Z'],
        [tieA, '2026-03-04T05:06:07.891Z', '2026-03-04T05:06:08.000Z'],
        [late, '2026-03-04T05:06:07.999Z', '2026-03-05T00:00:00.001Z'],
      ]
    )
  })

  test('unknown id is 404 "존재하지 않는 레시피"; a non-numeric id is an unknown route', async ({
    client,
  }) => {
    const missing = await client.get('/posts/999999')
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })

    const word = await client.get('/posts/abc')
    word.assertStatus(404)
    word.assertBodyContains({ result: 'failed' })

    const huge = await client.get('/posts/99999999999')
    huge.assertStatus(404)
  })

  test('servings outside 1–100 is 422', async ({ client, assert }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice)
    for (const [servings, rule] of [
      [0, 'range'],
      [101, 'range'],
      [1.5, 'withoutDecimals'],
      ['two', 'number'],
    ] as const) {
      const response = await client.get(`/posts/${postId}`).qs({ servings })
      response.assertStatus(422)
      assert.deepEqual(
        response
          .body()
          .errors.map((error: { field: string; rule: string }) => [error.field, error.rule]),
        [['servings', rule]]
      )
    }
  })

  test('the price follows the catalogue at read time', async ({ client, assert }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice, { lines: [['삼겹살', '500']] })
    await db.from('ingredients').where('name', '삼겹살').update({ price: 15000 })
    const response = await client.get(`/posts/${postId}`)
    assert.include(response.body().post, { price: 15000 })
  })
})
