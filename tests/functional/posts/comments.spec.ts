import { test } from '@japa/runner'
import { expectStatus } from '#tests/helpers/http'
import db from '@adonisjs/lucid/services/db'
import { makeMember, makeRecipe, recipeWithComment } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

async function commentCount(postId: number) {
  const row = await db.from('posts').where('id', postId).select('comment_count').firstOrFail()
  return Number(row.comment_count)
}

test.group('Comments', (group) => {
  group.each.setup(withRealCommits)

  test('create 201 {comment_id}; listed oldest first with authors; comment_count follows', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice)

    const first = await client
      .post(`/posts/${postId}/comments`)
      .json({ content: '  맛있어요  ', user_id: alice.id, like: 5 })
      .loginAs(bob)
    first.assertStatus(201)
    assert.deepEqual(Object.keys(first.body()).sort(), ['comment_id', 'message', 'result'])
    assert.include(first.body(), { result: 'success', message: '댓글 작성 성공' })
    const second = await client
      .post(`/posts/${postId}/comments`)
      .json({ content: '감사' })
      .loginAs(alice)

    const detail = await client.get(`/posts/${postId}`)
    assert.deepEqual(
      detail
        .body()
        .comments.map((comment: Record<string, unknown>) => [
          comment.id,
          comment.content,
          comment.user_id,
          comment.username,
          comment.like,
        ]),
      [
        [first.body().comment_id, '맛있어요', bob.id, bob.username, 0],
        [second.body().comment_id, '감사', alice.id, alice.username, 0],
      ]
    )
    assert.equal(await commentCount(postId), 2)
    const listed = await client.get('/posts')
    assert.equal(listed.body().posts[0].comment_count, 2)
  })

  test('create: unknown recipe 404, anonymous 401, content 1–2000 chars 422', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const postId = await makeRecipe(alice)
    const missing = await client
      .post('/posts/999999/comments')
      .json({ content: 'x' })
      .loginAs(alice)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })
    await expectStatus(client.post(`/posts/${postId}/comments`).json({ content: 'x' }), 401)

    for (const [body, rule] of [
      [{}, 'required'],
      [{ content: '   ' }, 'minLength'],
      [{ content: 'x'.repeat(2001) }, 'maxLength'],
      [{ content: 7 }, 'string'],
    ] as const) {
      const invalid = await client.post(`/posts/${postId}/comments`).json(body).loginAs(alice)
      invalid.assertStatus(422)
      assert.deepEqual(
        invalid
          .body()
          .errors.map((error: { field: string; rule: string }) => [error.field, error.rule]),
        [['content', rule]]
      )
    }
    const longest = await client
      .post(`/posts/${postId}/comments`)
      .json({ content: 'x'.repeat(2000) })
      .loginAs(alice)
    longest.assertStatus(201)
  })

  test('update by the author; others 403; unknown 404; anonymous 401; invalid 422', async ({
    client,
    assert,
  }) => {
    const { author: alice, commenter: bob, postId, commentId } = await recipeWithComment('처음')

    const updated = await client
      .put(`/posts/comments/${commentId}`)
      .json({ content: '수정됨' })
      .loginAs(bob)
    updated.assertStatus(200)
    updated.assertBody({ result: 'success', message: '댓글 수정 성공', comment_id: commentId })

    const other = await client
      .put(`/posts/comments/${commentId}`)
      .json({ content: '남의 것' })
      .loginAs(alice)
    other.assertStatus(403)
    other.assertBody({ result: 'failed', message: '댓글 수정 권한이 없음' })

    const missing = await client.put('/posts/comments/999999').json({ content: 'x' }).loginAs(bob)
    missing.assertStatus(404)
    missing.assertBody({ result: 'failed', message: '존재하지 않는 댓글' })

    await expectStatus(client.put(`/posts/comments/${commentId}`).json({ content: 'x' }), 401)

    const invalid = await client
      .put(`/posts/comments/${commentId}`)
      .json({ content: '' })
      .loginAs(bob)
    invalid.assertStatus(422)

    const detail = await client.get(`/posts/${postId}`)
    assert.equal(detail.body().comments[0].content, '수정됨')
  })

  test('delete by the author; others 403; unknown 404; anonymous 401; comment_count follows', async ({
    client,
    assert,
  }) => {
    const { author: alice, commenter: bob, postId, commentId } = await recipeWithComment('댓글')
    await expectStatus(client.post(`/posts/comments/${commentId}/likes`).loginAs(alice), 201)
    assert.equal(await commentCount(postId), 1)

    const other = await client.delete(`/posts/comments/${commentId}`).loginAs(alice)
    other.assertStatus(403)
    other.assertBody({ result: 'failed', message: '댓글 삭제 권한이 없음' })
    await expectStatus(client.delete(`/posts/comments/${commentId}`), 401)

    const deleted = await client.delete(`/posts/comments/${commentId}`).loginAs(bob)
    deleted.assertStatus(200)
    deleted.assertBody({ result: 'success', message: '댓글 삭제 성공' })
    assert.equal(await commentCount(postId), 0)
    const likes = await db
      .from('comment_likes')
      .where('comment_id', commentId)
      .count('* as total')
      .first()
    assert.equal(Number(likes.total), 0)

    const again = await client.delete(`/posts/comments/${commentId}`).loginAs(bob)
    again.assertStatus(404)
    again.assertBody({ result: 'failed', message: '존재하지 않는 댓글' })
  })
})
