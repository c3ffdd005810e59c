import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { loginHeaders } from '#tests/helpers/auth'
import { makeMember, makeRecipe } from '#tests/helpers/recipes'

const CALLERS = 12

/*
 * Contract §1 "Concurrent deletes": of parallel DELETEs of one recipe exactly
 * one caller is told 200, the others 404. Real commits and parallel requests
 * on separate connections (no wrapping transaction).
 */
test.group('Concurrent deletes / recipe', (group) => {
  group.each.setup(withRealCommits)

  test(`${CALLERS} parallel deletes of one recipe: one 200, the rest 404`, async ({
    client,
    assert,
  }) => {
    const author = await makeMember()
    const postId = await makeRecipe(author, { lines: [['삼겹살', '100']] })
    const headers = await loginHeaders(author)

    const responses = await Promise.all(
      Array.from({ length: CALLERS }, () => client.delete(`/posts/${postId}`).headers(headers))
    )
    const statuses = responses.map((response) => response.status())
    assert.lengthOf(
      statuses.filter((status) => status === 200),
      1,
      statuses.join(',')
    )
    for (const response of responses) {
      if (response.status() === 200) {
        response.assertBody({ result: 'success', message: '레시피 삭제 성공' })
      } else {
        response.assertStatus(404)
        response.assertBody({ result: 'failed', message: '존재하지 않는 레시피' })
      }
    }
    const left = await db.from('posts').where('id', postId).count('* as total').first()
    assert.equal(Number(left.total), 0)
  })
})
