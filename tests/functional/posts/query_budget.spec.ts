import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withRealCommits } from '#tests/helpers/database'
import { loginHeaders } from '#tests/helpers/auth'
import { catalogue, makeMember, makeRecipe, recordQueries } from '#tests/helpers/recipes'

/*
 * Listing and detail run a fixed number of SQL statements whatever the page
 * size, the number of comments or the number of likes (contract §5). Real
 * commits: a global transaction's client would not report its queries.
 */
test.group('Query budget', (group) => {
  group.each.setup(withRealCommits)

  test('GET /posts: a page of 10 and a page of 100 cost the same queries', async ({
    client,
    assert,
  }) => {
    await catalogue()
    const authors = [await makeMember(), await makeMember(), await makeMember()]
    const fans = [await makeMember(), await makeMember()]
    for (let index = 0; index < 120; index++) {
      const postId = await makeRecipe(authors[index % 3], {
        servings: 1 + (index % 4),
        lines: [['삼겹살', String(100 + index)]],
      })
      for (const fan of fans.slice(0, index % 3)) {
        await db
          .table('post_likes')
          .insert({ post_id: postId, member_id: fan.id, created_at: new Date() })
      }
    }

    /*
     * Unfiltered: the page carries the total. Filtered: count, then page, and
     * then the page alone while the count holds (nothing changed); nothing
     * to page: the count, then the lists' version alone.
     */
    for (const [qs, first, later] of [
      [{}, 1, 1],
      [{ sort: 'likes' }, 1, 1],
      [{ pageNo: 50 }, 2, 2],
      [{ q: '찌개' }, 2, 1],
      [{ maxPrice: 5000, sort: 'price' }, 2, 1],
      [{ author: 'nobody' }, 1, 1],
    ] as const) {
      const counts: number[] = []
      for (const pageSize of [10, 10, 100]) {
        const queries = await recordQueries(async () => {
          const response = await client.get('/posts').qs({ ...qs, pageSize })
          response.assertStatus(200)
        })
        counts.push(queries.length)
      }
      assert.deepEqual(counts, [first, later, later], JSON.stringify(qs))
      console.log(
        `    list ${JSON.stringify(qs)}: ${counts[0]} queries, then ${counts[1]} for pageSize 10 and ${counts[2]} for 100`
      )
    }
  })

  test('GET /posts/{id}: 1 comment and 200 comments (with likes) cost the same queries', async ({
    client,
    assert,
  }) => {
    await catalogue()
    const author = await makeMember()
    const commenters = [await makeMember(), await makeMember(), await makeMember()]
    const lines: [string, string][] = [
      ['삼겹살', '300'],
      ['대파', '85'],
      ['마늘', '20'],
    ]
    const small = await makeRecipe(author, { lines })
    const large = await makeRecipe(author, { lines })
    const comment = async (postId: number, member: { id: number }) => {
      const [row] = await db
        .table('comments')
        .insert({
          post_id: postId,
          member_id: member.id,
          content: '댓글',
          created_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
      return Number(typeof row === 'object' ? row.id : row)
    }
    await comment(small, commenters[0])
    for (let index = 0; index < 200; index++) {
      const commentId = await comment(large, commenters[index % 3])
      for (const fan of commenters
        .filter((_, fanIndex) => fanIndex !== index % 3)
        .slice(0, index % 3)) {
        await db
          .table('comment_likes')
          .insert({ comment_id: commentId, member_id: fan.id, created_at: new Date() })
      }
    }
    for (const fan of commenters) {
      await db
        .table('post_likes')
        .insert({ post_id: large, member_id: fan.id, created_at: new Date() })
    }

    const counts: number[] = []
    for (const postId of [small, large]) {
      const queries = await recordQueries(async () => {
        const response = await client.get(`/posts/${postId}`).qs({ servings: 2 })
        response.assertStatus(200)
        assert.lengthOf(response.body().comments, postId === small ? 1 : 200)
      })
      counts.push(queries.length)
    }
    assert.equal(counts[0], counts[1])
    /* PostgreSQL reads the lines and comments as JSON in the recipe's statement. */
    assert.equal(counts[0], db.connection().dialect.name === 'postgres' ? 1 : 3)
    console.log(
      `    detail: ${counts[0]} queries with 1 comment and ${counts[1]} with 200 comments`
    )

    /*
     * Signed in (liked flags for the caller): the guard's own lookups, then
     * the same reads. The member's row is read on the caller's first request
     * and then kept (request_member.spec.ts): one request first.
     */
    const headers = await loginHeaders(commenters[1])
    await client.get(`/posts/${small}`).headers(headers)
    const signedIn: number[] = []
    for (const postId of [small, large]) {
      const queries = await recordQueries(async () => {
        const response = await client.get(`/posts/${postId}`).headers(headers)
        response.assertStatus(200)
        if (postId === large) {
          assert.isTrue(response.body().post.liked)
          assert.isTrue(response.body().comments.some((row: { liked: boolean }) => row.liked))
        }
      })
      signedIn.push(queries.length)
    }
    assert.equal(signedIn[0], signedIn[1])
    console.log(`    detail signed in: ${signedIn[0]} and ${signedIn[1]} queries (guard included)`)
  })

  test('POST /posts/forms: 1 line and 20 lines cost the same queries; the write is atomic', async ({
    client,
    assert,
  }) => {
    const ids = Object.values(await catalogue())
    const author = await makeMember()
    const headers = await loginHeaders(author)
    /* The member's row is read on the first authenticated request, then kept: one request first. */
    await client.get(`/posts/${await makeRecipe(author)}`).headers(headers)
    const recorded: string[][] = []
    for (const lineCount of [1, 20]) {
      const queries = await recordQueries(async () => {
        const response = await client
          .post('/posts/forms')
          .headers(headers)
          .json({
            post: { title: '김치찌개', content: '끓인다', servings: 2 },
            ingredients: ids.slice(0, lineCount).map((id) => ({ id, quantity: '10' })),
          })
        response.assertStatus(201)
        const lines = await db.from('post_ingredients').where('post_id', response.body().post_id)
        assert.lengthOf(lines, lineCount)
      })
      /* The check of the lines above is not part of the request. */
      recorded.push(queries.slice(0, -1))
    }
    assert.equal(recorded[0].length, recorded[1].length)
    const writes = recorded[1].filter((sql) => /^\s*(with|insert)/i.test(sql))
    if (db.connection().dialect.name === 'postgres') {
      /* One statement writes the post and its lines: no BEGIN/COMMIT round trips. */
      assert.lengthOf(writes, 1)
      assert.match(writes[0], /insert into posts[\s\S]*insert into post_ingredients/i)
      assert.notOk(recorded[1].some((sql) => /^\s*(begin|commit)/i.test(sql)))
    } else {
      assert.lengthOf(writes, 2)
    }
    console.log(
      `    create: ${recorded[0].length} queries with 1 line and ${recorded[1].length} with 20`
    )
  })

  test('GET /posts/{id}?asOf= and /costs: 1 line and 20 lines cost the same queries', async ({
    client,
    assert,
  }) => {
    const names = Object.keys(await catalogue())
    const author = await makeMember()
    /* asOf reads the prices' version in the plain detail's statements. */
    const detail = db.connection().dialect.name === 'postgres' ? 1 : 3
    const count = async (path: string, check: (body: any) => void) => {
      const queries = await recordQueries(async () => {
        const response = await client.get(path)
        response.assertStatus(200)
        check(response.body())
      })
      return queries.length
    }
    const counts: number[][] = []
    for (const lineCount of [1, 20]) {
      const postId = await makeRecipe(author, {
        lines: names.slice(0, lineCount).map((name) => [name, '10']),
      })
      const asOf = () =>
        count(`/posts/${postId}?asOf=2025-01-01&servings=2`, (body) =>
          assert.lengthOf(body.post.unpriced, lineCount)
        )
      const costs = () =>
        count(`/posts/${postId}/costs?interval=day`, (body) => assert.lengthOf(body.points, 366))
      /* New ingredients: their timelines are read once (one more statement), then kept. */
      counts.push([await asOf(), await asOf(), await costs(), await costs()])
    }
    assert.deepEqual(counts, [
      [detail + 1, detail, 1, 1],
      [detail + 1, detail, 1, 1],
    ])
    console.log(
      `    detail asOf: ${counts[0][0]} queries when the timelines are read, then ${counts[0][1]}; costs: ${counts[0][2]}`
    )
  })
})
