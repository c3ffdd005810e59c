import { test } from '@japa/runner'
import { expectStatus } from '#tests/helpers/http'
import db from '@adonisjs/lucid/services/db'
import CommentService from '#services/comment_service'
import { makeMember, makeRecipe, recipeWithComment } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

test.group('Recipe likes', (group) => {
  group.each.setup(withRealCommits)

  test('like 201, duplicate 409, unlike 200, unlike again 404; liked follows the caller', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const carol = await makeMember()
    const postId = await makeRecipe(alice)

    const like = await client.post(`/posts/${postId}/likes`).loginAs(bob)
    like.assertStatus(201)
    like.assertBody({ result: 'success', message: '레시피 좋아요 성공', like: 1 })

    const again = await client.post(`/posts/${postId}/likes`).loginAs(bob)
    again.assertStatus(409)
    again.assertBody({ result: 'failed', message: '중복 좋아요 불가' })

    const carolLike = await expectStatus(client.post(`/posts/${postId}/likes`).loginAs(carol), 201)
    carolLike.assertBodyContains({ like: 2 })

    const asBob = await client.get(`/posts/${postId}`).loginAs(bob)
    assert.include(asBob.body().post, { like: 2, liked: true })
    const asAlice = await client.get(`/posts/${postId}`).loginAs(alice)
    assert.include(asAlice.body().post, { like: 2, liked: false })
    const anonymous = await client.get(`/posts/${postId}`)
    assert.include(anonymous.body().post, { like: 2, liked: false })
    const listed = await client.get('/posts')
    assert.equal(listed.body().posts[0].like, 2)

    const unlike = await client.delete(`/posts/${postId}/likes`).loginAs(bob)
    unlike.assertStatus(200)
    unlike.assertBody({ result: 'success', message: '레시피 좋아요 취소', like: 1 })

    const unlikeAgain = await client.delete(`/posts/${postId}/likes`).loginAs(bob)
    unlikeAgain.assertStatus(404)
    unlikeAgain.assertBody({ result: 'failed', message: '좋아요 기록 없음' })

    /* Liking again after unliking works. */
    const relike = await expectStatus(client.post(`/posts/${postId}/likes`).loginAs(bob), 201)
    relike.assertBodyContains({ like: 2 })
  })

  test('own recipe 403, unknown recipe 404, anonymous 401', async ({ client, assert }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice)
    const own = await client.post(`/posts/${postId}/likes`).loginAs(alice)
    own.assertStatus(403)
    own.assertBody({ result: 'failed', message: '자신이 작성한 레시피 좋아요 불가' })
    /* Refused before anything is written: no like row, the count unchanged. */
    const ownLikes = await db.from('post_likes').where('post_id', postId).count('* as total')
    assert.equal(Number(ownLikes[0].total), 0)
    const recipe = await client.get(`/posts/${postId}`)
    assert.include(recipe.body().post, { like: 0 })

    const missing = await client.post('/posts/999999/likes').loginAs(alice)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })
    const missingUnlike = await client.delete('/posts/999999/likes').loginAs(alice)
    missingUnlike.assertStatus(404)
    missingUnlike.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })

    await expectStatus(client.post(`/posts/${postId}/likes`), 401)
    await expectStatus(client.delete(`/posts/${postId}/likes`), 401)
  })
})

test.group('Comment likes', (group) => {
  group.each.setup(withRealCommits)

  test('both routes like; duplicate 409 across them; unlike; liked in the detail', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const carol = await makeMember()
    const postId = await makeRecipe(alice)
    const commentId = await CommentService.create(alice.id, postId, '첫 댓글')

    const byPath = await client.post(`/posts/comments/${commentId}/likes`).loginAs(bob)
    byPath.assertStatus(201)
    byPath.assertBody({ result: 'success', message: '댓글 좋아요 성공', like: 1 })

    const byBody = await client
      .post('/posts/comments/likes')
      .json({ comment_id: commentId })
      .loginAs(carol)
    byBody.assertStatus(201)
    byBody.assertBody({ result: 'success', message: '댓글 좋아요 성공', like: 2 })

    const duplicate = await client
      .post('/posts/comments/likes')
      .json({ comment_id: String(commentId) })
      .loginAs(bob)
    duplicate.assertStatus(409)
    duplicate.assertBody({ result: 'failed', message: '중복 좋아요 불가' })
    await expectStatus(client.post(`/posts/comments/${commentId}/likes`).loginAs(carol), 409)

    const detail = await client.get(`/posts/${postId}`).loginAs(bob)
    assert.include(detail.body().comments[0], { id: commentId, like: 2, liked: true })
    assert.include(detail.body().post, { like: 0, liked: false })

    const unlike = await client.delete(`/posts/comments/${commentId}/likes`).loginAs(bob)
    unlike.assertStatus(200)
    unlike.assertBody({ result: 'success', message: '댓글 좋아요 취소', like: 1 })
    const unlikeAgain = await client.delete(`/posts/comments/${commentId}/likes`).loginAs(bob)
    unlikeAgain.assertStatus(404)
    unlikeAgain.assertBody({ result: 'failed', message: '좋아요 기록 없음' })
  })

  test('own comment 403, unknown comment 404, anonymous 401, invalid body 422', async ({
    client,
    assert,
  }) => {
    const { author: alice, commenter: bob, commentId } = await recipeWithComment()

    for (const request of [
      () => client.post(`/posts/comments/${commentId}/likes`).loginAs(bob),
      () => client.post('/posts/comments/likes').json({ comment_id: commentId }).loginAs(bob),
    ]) {
      const own = await request()
      own.assertStatus(403)
      own.assertBody({ result: 'failed', message: '자신이 작성한 댓글 좋아요 불가' })
    }

    for (const request of [
      () => client.post('/posts/comments/999999/likes').loginAs(alice),
      () => client.post('/posts/comments/likes').json({ comment_id: 999_999 }).loginAs(alice),
      () => client.delete('/posts/comments/999999/likes').loginAs(alice),
    ]) {
      const missing = await request()
      missing.assertStatus(404)
      missing.assertBody({ result: 'failed', message: '존재하지 않는 댓글' })
    }

    await expectStatus(client.post(`/posts/comments/${commentId}/likes`), 401)
    await expectStatus(client.post('/posts/comments/likes').json({ comment_id: commentId }), 401)
    await expectStatus(client.delete(`/posts/comments/${commentId}/likes`), 401)

    for (const [body, rule] of [
      [{}, 'required'],
      [{ comment_id: 'abc' }, 'number'],
      [{ comment_id: 0 }, 'range'],
      [{ comment_id: 1.5 }, 'withoutDecimals'],
    ] as const) {
      const invalid = await client.post('/posts/comments/likes').json(body).loginAs(alice)
      invalid.assertStatus(422)
      assert.deepEqual(
        invalid
          .body()
          .errors.map((error: { field: string; rule: string }) => [error.field, error.rule]),
        [['comment_id', rule]]
      )
    }
  })
})
