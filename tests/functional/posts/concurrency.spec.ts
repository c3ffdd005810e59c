import { test } from '@japa/runner'
import { expectStatus } from '#tests/helpers/http'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { makeMember, makeRecipe, recipeWithComment } from '#tests/helpers/recipes'

async function count(table: string, key: string, id: number) {
  const row = await db.from(table).where(key, id).count('* as total').first()
  return Number(row.total)
}

async function column(table: string, name: string, id: number) {
  const row = await db.from(table).where('id', id).select(name).firstOrFail()
  return Number(row[name])
}

/*
 * Parallel requests on separate connections (real commits, no wrapping
 * transaction): the database's keys and triggers keep likes unique and the
 * counters equal to the rows.
 */
test.group('Concurrency', (group) => {
  group.each.setup(withRealCommits)

  test('20 parallel likes by one member leave one row: one 201, the rest 409', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const postId = await makeRecipe(alice)
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.post(`/posts/${postId}/likes`).loginAs(bob))
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','))
    assert.equal(statuses.filter((status) => status === 409).length, 19, statuses.join(','))
    assert.equal(await count('post_likes', 'post_id', postId), 1)
    assert.equal(await column('posts', 'like_count', postId), 1)
  })

  test('20 parallel comment likes by one member leave one row', async ({ client, assert }) => {
    /* The recipe's author likes the comment. */
    const { author: bob, commentId } = await recipeWithComment()
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2
          ? client.post(`/posts/comments/${commentId}/likes`).loginAs(bob)
          : client.post('/posts/comments/likes').json({ comment_id: commentId }).loginAs(bob)
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','))
    assert.equal(statuses.filter((status) => status === 409).length, 19, statuses.join(','))
    assert.equal(await count('comment_likes', 'comment_id', commentId), 1)
    assert.equal(await column('comments', 'like_count', commentId), 1)
  })

  test('parallel likes by many members, and parallel comments, keep the counts equal to the rows', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const fans = await Promise.all(Array.from({ length: 15 }, () => makeMember()))
    const postId = await makeRecipe(alice)
    const responses = await Promise.all([
      ...fans.map((fan) => client.post(`/posts/${postId}/likes`).loginAs(fan)),
      ...fans.map((fan, index) =>
        client
          .post(`/posts/${postId}/comments`)
          .json({ content: `댓글 ${index}` })
          .loginAs(fan)
      ),
    ])
    assert.isTrue(responses.every((response) => response.status() === 201))
    assert.equal(await column('posts', 'like_count', postId), 15)
    assert.equal(await column('posts', 'comment_count', postId), 15)
    assert.equal(await count('comments', 'post_id', postId), 15)

    /* Half of them take their like back and delete their comment, in parallel. */
    const comments = await db.from('comments').where('post_id', postId).select('id', 'member_id')
    const leaving = fans.slice(0, 7)
    await Promise.all([
      ...leaving.map((fan) => client.delete(`/posts/${postId}/likes`).loginAs(fan)),
      ...leaving.map((fan) => {
        const own = comments.find((comment) => Number(comment.member_id) === fan.id)!
        return client.delete(`/posts/comments/${own.id}`).loginAs(fan)
      }),
    ])
    const detail = await client.get(`/posts/${postId}`)
    assert.equal(detail.body().post.like, 8)
    assert.lengthOf(detail.body().comments, 8)
    assert.equal(await column('posts', 'comment_count', postId), 8)
  })
})

test.group('Member deletion cascades', (group) => {
  group.each.setup(withRealCommits)

  test("a deleted member's recipes and comments disappear and their likes stop counting", async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    const alicePost = await makeRecipe(alice, { lines: [['삼겹살', '100']] })
    const bobPost = await makeRecipe(bob)
    const bobComment = await client
      .post(`/posts/${alicePost}/comments`)
      .json({ content: 'bob' })
      .loginAs(bob)
    const aliceComment = await client
      .post(`/posts/${alicePost}/comments`)
      .json({ content: 'alice' })
      .loginAs(alice)
    await expectStatus(client.post(`/posts/${alicePost}/likes`).loginAs(bob), 201)
    const aliceCommentId = aliceComment.body().comment_id
    await expectStatus(client.post(`/posts/comments/${aliceCommentId}/likes`).loginAs(bob), 201)
    await expectStatus(client.post(`/posts/${bobPost}/likes`).loginAs(alice), 201)

    /* DELETE /members/{id} (contract §3): the database cascades do the rest. */
    const left = await client.delete(`/members/${bob.id}`).loginAs(bob)
    left.assertStatus(200)

    await expectStatus(client.get(`/posts/${bobPost}`), 404)
    const detail = await client.get(`/posts/${alicePost}`)
    assert.include(detail.body().post, { like: 0 })
    assert.deepEqual(
      detail
        .body()
        .comments.map((comment: { id: number; like: number }) => [comment.id, comment.like]),
      [[aliceComment.body().comment_id, 0]]
    )
    assert.notInclude(
      detail.body().comments.map((comment: { id: number }) => comment.id),
      bobComment.body().comment_id
    )
    const list = await client.get('/posts')
    assert.equal(list.body().total, 1)
    assert.deepEqual(
      list
        .body()
        .posts.map((post: { id: number; comment_count: number; like: number }) => [
          post.id,
          post.comment_count,
          post.like,
        ]),
      [[alicePost, 1, 0]]
    )
  })
})
