import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import { rateLimits } from '#start/limiter'
import { expectStatus } from '#tests/helpers/http'
import { makeMember, makeRecipe } from '#tests/helpers/recipes'
import { withRealCommits } from '#tests/helpers/database'

/*
 * Recipe, comment and like writes share one per-member budget (writeThrottle,
 * RATE_LIMIT_WRITES_PER_MINUTE); reads are not counted. Lowered to 3 here.
 */
test.group('Write throttle on recipe routes', (group) => {
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

  test('the 4th write of a member in a minute is 429 with Retry-After; others and reads go on', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const bob = await makeMember()
    await forget(alice.id)
    await forget(bob.id)
    const postId = await makeRecipe(alice)

    await expectStatus(client.post(`/posts/${postId}/likes`).loginAs(bob), 201)
    const comment = await expectStatus(
      client.post(`/posts/${postId}/comments`).json({ content: 'c' }).loginAs(bob),
      201
    )
    await expectStatus(client.delete(`/posts/${postId}/likes`).loginAs(bob), 200)

    const limited = await client
      .post('/posts/forms')
      .json({ post: { title: 't', content: 'c' } })
      .loginAs(bob)
    limited.assertStatus(429)
    limited.assertBody({ result: 'failed', message: '요청이 너무 많음' })
    assert.isAbove(Number(limited.header('retry-after')), 0)
    const commentId = comment.body().comment_id
    await expectStatus(
      client.put(`/posts/comments/${commentId}`).json({ content: 'x' }).loginAs(bob),
      429
    )

    await expectStatus(client.get(`/posts/${postId}`).loginAs(bob), 200)
    await expectStatus(client.get(`/posts/forms/${postId}`).loginAs(alice), 200)
    await expectStatus(client.post(`/posts/comments/${commentId}/likes`).loginAs(alice), 201)

    await forget(alice.id)
    await forget(bob.id)
  })
})
