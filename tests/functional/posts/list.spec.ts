import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { insertPostsWithPrices, makeMember, makeRecipe } from '#tests/helpers/recipes'
import RecipeWriter from '#services/recipes/recipe_writer'
import { withRealCommits } from '#tests/helpers/database'
import EngineReads from '#database/engine/engine_reads'

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

interface ListedPost {
  id: number
  title: string
  price: number
  price_per_serving: number
  like: number
}

function ids(posts: ListedPost[]) {
  return posts.map((post) => post.id)
}

test.group('GET /posts', (group) => {
  group.each.setup(withRealCommits)

  test('answers a page with the contract fields and the stored costs', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember('alice')
    const id = await makeRecipe(alice, {
      title: '삼겹살 구이',
      servings: 2,
      lines: [
        ['삼겹살', '300'],
        ['대파', '85'],
      ],
    })

    const response = await client.get('/posts')
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(Object.keys(body).sort(), [
      'lastPage',
      'message',
      'pageNo',
      'pageSize',
      'posts',
      'result',
      'total',
    ])
    assert.include(body, {
      result: 'success',
      message: '레시피 목록 조회 성공',
      pageNo: 1,
      pageSize: 10,
      total: 1,
      lastPage: 1,
    })
    const [post] = body.posts
    assert.deepEqual(Object.keys(post).sort(), [
      'comment_count',
      'create_date',
      'id',
      'like',
      'price',
      'price_date',
      'price_per_serving',
      'servings',
      'title',
      'username',
    ])
    /* The newest price date among the lines' ingredients (v1.1). */
    const dates = await db
      .from('ingredients')
      .whereIn('name', ['삼겹살', '대파'])
      .select(db.raw('CAST(price_date AS TEXT) AS price_date'))
    const newest = dates
      .map((row) => String(row.price_date).slice(0, 10))
      .sort()
      .at(-1)
    assert.match(post.price_date, /^\d{4}-\d{2}-\d{2}$/)
    assert.equal(post.price_date, newest)
    /* 14560 × 300 / 500 = 8736; 3180 × 85 / 850 = 318 */
    assert.include(post, {
      id,
      title: '삼겹살 구이',
      username: 'alice',
      price: 9054,
      servings: 2,
      price_per_serving: 4527,
      like: 0,
      comment_count: 0,
    })
    assert.match(post.create_date, ISO_UTC_MS)
  })

  test('pages: full pages, the last partial page, and pages past the end', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const created: number[] = []
    for (let index = 0; index < 25; index++) {
      created.push(await makeRecipe(alice, { title: `recipe ${index}` }))
    }
    const newestFirst = [...created].reverse()

    const first = await client.get('/posts').qs({ pageSize: 10 })
    assert.deepEqual(ids(first.body().posts), newestFirst.slice(0, 10))
    assert.include(first.body(), { total: 25, lastPage: 3, pageNo: 1, pageSize: 10 })

    const last = await client.get('/posts').qs({ pageNo: 3, pageSize: 10 })
    assert.deepEqual(ids(last.body().posts), newestFirst.slice(20))

    const past = await client.get('/posts').qs({ pageNo: 4, pageSize: 10 })
    past.assertStatus(200)
    assert.deepEqual(past.body().posts, [])
    assert.include(past.body(), { total: 25, lastPage: 3, pageNo: 4 })

    const farPast = await client.get('/posts').qs({ pageNo: 1e15, pageSize: 100 })
    farPast.assertStatus(200)
    assert.include(farPast.body(), { total: 25, lastPage: 1 })
    assert.deepEqual(farPast.body().posts, [])

    const all = await client.get('/posts').qs({ pageSize: 100 })
    assert.deepEqual(ids(all.body().posts), newestFirst)

    const exact = await client.get('/posts').qs({ pageNo: 5, pageSize: 5 })
    assert.deepEqual(ids(exact.body().posts), newestFirst.slice(20))
    assert.equal(exact.body().lastPage, 5)
  })

  test('an empty catalogue of recipes has total 0 and lastPage 0', async ({ client }) => {
    const response = await client.get('/posts')
    response.assertStatus(200)
    response.assertBodyContains({ posts: [], total: 0, lastPage: 0 })
  })

  test('sorts: latest, oldest, likes, price, price_per_serving, ties broken by id', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const fans = [await makeMember(), await makeMember(), await makeMember()]
    /* [servings, pork grams, likes]: equal prices and equal like counts on purpose. */
    const specs: [number, string, number][] = [
      [1, '100', 1],
      [2, '100', 3],
      [1, '200', 1],
      [4, '100', 0],
      [1, '100', 3],
    ]
    const created: number[] = []
    for (const [servings, grams, likes] of specs) {
      const id = await makeRecipe(alice, { servings, lines: [['삼겹살', grams]] })
      for (const fan of fans.slice(0, likes)) {
        await db
          .table('post_likes')
          .insert({ post_id: id, member_id: fan.id, created_at: new Date() })
      }
      created.push(id)
    }
    /* Same creation millisecond or not, ties fall back to id. */
    const rows = await db
      .from('posts')
      .join('post_prices', 'post_prices.post_id', 'posts.id')
      .whereIn('id', created)
      .select('id', 'created_at', 'price', 'price_per_serving', 'like_count')
    const by = (key: string, direction: 1 | -1) =>
      [...rows]
        .sort((a, b) => {
          const left =
            key === 'created_at' ? new Date(a[key]).getTime() || Number(a[key]) : Number(a[key])
          const right =
            key === 'created_at' ? new Date(b[key]).getTime() || Number(b[key]) : Number(b[key])
          return (left - right || a.id - b.id) * direction
        })
        .map((row) => Number(row.id))

    const expectations: Record<string, number[]> = {
      latest: by('created_at', -1),
      oldest: by('created_at', 1),
      likes: by('like_count', -1),
      price: by('price', 1),
      price_per_serving: by('price_per_serving', 1),
    }
    /* Sanity: the data really has ties. */
    assert.deepEqual(expectations.likes, [
      created[4],
      created[1],
      created[2],
      created[0],
      created[3],
    ])
    assert.deepEqual(expectations.price, [
      created[0],
      created[1],
      created[3],
      created[4],
      created[2],
    ])
    for (const [sort, expected] of Object.entries(expectations)) {
      const response = await client.get('/posts').qs({ sort })
      response.assertStatus(200)
      assert.deepEqual(ids(response.body().posts), expected, sort)
      /* Paging through one at a time gives the same order (stable ties). */
      const paged: number[] = []
      for (let pageNo = 1; pageNo <= expected.length; pageNo++) {
        const page = await client.get('/posts').qs({ sort, pageNo, pageSize: 1 })
        paged.push(...ids(page.body().posts))
      }
      assert.deepEqual(paged, expected, `${sort} paged`)
    }
    const none = await client.get('/posts')
    assert.deepEqual(ids(none.body().posts), expectations.latest)
  })

  test('q searches titles case-insensitively with %, _, quotes and backslashes as plain text', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const titles = [
      '100% 국밥',
      'a_b 덮밥',
      "Mom's Kimchi Stew",
      'back\\slash 라면',
      '평범한 국밥',
      'ab 덮밥',
      '김치, 두부 찌개',
    ]
    const byTitle: Record<string, number> = {}
    for (const title of titles) {
      byTitle[title] = await makeRecipe(alice, { title })
    }
    const search = async (q: string) => {
      /* As axios sends it: commas stay unescaped. */
      const response = await client.get(`/posts?q=${encodeURIComponent(q).replaceAll('%2C', ',')}`)
      response.assertStatus(200)
      return response.body()
    }
    const cases: [string, string[]][] = [
      ['%', ['100% 국밥']],
      ['_', ['a_b 덮밥']],
      ["'", ["Mom's Kimchi Stew"]],
      ['\\', ['back\\slash 라면']],
      ['kimchi', ["Mom's Kimchi Stew"]],
      ['KIMCHI STEW', ["Mom's Kimchi Stew"]],
      ['국밥', ['평범한 국밥', '100% 국밥']],
      ['!', []],
      /* A comma is text, not a list separator. */
      ['김치, 두부', ['김치, 두부 찌개']],
      ['no such dish', []],
    ]
    for (const [q, expected] of cases) {
      const body = await search(q)
      assert.deepEqual(
        ids(body.posts),
        expected.map((title) => byTitle[title]),
        `q=${q}`
      )
      assert.equal(body.total, expected.length, `total for q=${q}`)
      assert.equal(body.lastPage, expected.length ? 1 : 0)
    }
    /* An empty q is no filter. */
    const unfiltered = await search('')
    assert.equal(unfiltered.total, titles.length)
  })

  test('q by character pairs: long and one-character searches, repeated pairs, edits and deletes', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const stew = await makeRecipe(alice, { title: '돼지고기 김치찌개' })
    const noodles = await makeRecipe(alice, { title: '김치 비빔국수' })
    const repeated = await makeRecipe(alice, { title: '하하하 호호' })
    const search = async (q: string) => {
      const response = await client.get('/posts').qs({ q, sort: 'oldest' })
      response.assertStatus(200)
      return { ids: ids(response.body().posts), total: response.body().total }
    }

    assert.deepEqual(await search('김치'), { ids: [stew, noodles], total: 2 })
    /* Every pair present is not enough: the pairs must be adjacent in that order. */
    assert.deepEqual(await search('김치찌개'), { ids: [stew], total: 1 })
    assert.deepEqual(await search('치김'), { ids: [], total: 0 })
    assert.deepEqual(await search('국'), { ids: [noodles], total: 1 })
    assert.deepEqual(await search('하하하하'), { ids: [], total: 0 })
    assert.deepEqual(await search('하하하'), { ids: [repeated], total: 1 })

    /* A changed title is found by its new words only; a deleted recipe is gone. */
    await RecipeWriter.update(alice.id, stew, {
      title: '된장찌개',
      content: '끓인다',
      servings: 1,
      lines: [],
      catalogue: new Map(),
    })
    assert.deepEqual(await search('김치'), { ids: [noodles], total: 1 })
    assert.deepEqual(await search('된장'), { ids: [stew], total: 1 })
    const pairs = await db.from('post_title_grams').where('post_id', stew).select('gram')
    assert.sameMembers(
      pairs.map((row) => row.gram),
      ['된장', '장찌', '찌개']
    )
    await RecipeWriter.delete(alice.id, noodles)
    assert.deepEqual(await search('김치'), { ids: [], total: 0 })
    const [{ total }] = await db
      .from('post_title_grams')
      .where('post_id', noodles)
      .count('* as total')
    assert.equal(Number(total), 0)
  })

  test('q with 1,000+ matches: pages walk the sort order and agree with the few-matches plan', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    /* 1,100 "공통" titles and a few others, created one second apart. */
    const base = Date.UTC(2026, 0, 1)
    const rows = Array.from({ length: 1110 }, (_, index) => ({
      member_id: alice.id,
      title: index % 111 === 0 ? `다른 요리 ${index}` : `공통 요리 ${index}`,
      content: '끓인다',
      servings: 1,
      price: index,
      price_per_serving: index,
      created_at: new Date(base + index * 1000),
      updated_at: new Date(base + index * 1000),
    }))
    await insertPostsWithPrices(rows)
    const common = rows.filter((row) => row.title.startsWith('공통'))
    const newestFirst = [...common].reverse().map((row) => row.title)

    for (const [q, expected] of [
      ['공통', newestFirst],
      ['공통 요리', newestFirst],
      ['통 요', newestFirst],
    ] as const) {
      const first = await client.get('/posts').qs({ q, pageSize: 20 })
      first.assertStatus(200)
      assert.equal(first.body().total, expected.length, q)
      assert.deepEqual(
        first.body().posts.map((post: { title: string }) => post.title),
        expected.slice(0, 20),
        q
      )
      const last = await client.get('/posts').qs({ q, pageSize: 20, pageNo: 55 })
      assert.deepEqual(
        last.body().posts.map((post: { title: string }) => post.title),
        expected.slice(1080, 1100),
        q
      )
    }
    /* By price: the same matches in the price index's order. */
    const cheapest = await client.get('/posts').qs({ q: '공통', sort: 'price', pageSize: 3 })
    assert.deepEqual(
      cheapest.body().posts.map((post: { title: string }) => post.title),
      common.slice(0, 3).map((row) => row.title)
    )
  })

  test('PostgreSQL plans a probing page once per connection, not per value', async ({
    client,
    assert,
  }) => {
    if (db.connection().dialect.name !== 'postgres') {
      /* SQLite hides values from its planner for every compiled statement (`+?`, see param()). */
      return assert.equal(db.connection().dialect.name, 'better-sqlite3')
    }
    const alice = await makeMember()
    const now = new Date()
    await db.rawQuery(
      `INSERT INTO posts (member_id, title, content, servings, created_at, updated_at)
       SELECT ?, '공통 요리 ' || n, '끓인다', 1, ?, ? FROM generate_series(1, 1100) AS n`,
      [alice.id, now, now]
    )
    /* With statistics, a custom plan for `공통` would look cheaper than the generic one. */
    await db.rawQuery('ANALYZE posts, post_title_grams')
    /* Sequential reads reuse the engine pool's last idle connection: its named statements are seen here. */
    for (let run = 0; run < 8; run++) {
      const response = await client.get('/posts').qs({ q: '공통' })
      response.assertStatus(200)
      assert.equal(response.body().total, 1100)
    }
    const rows = await EngineReads.all<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements
       WHERE name LIKE 'hankki_%' AND statement ILIKE $1`,
      ['%where exists (select 1 from "post_title_grams"%limit 10) as "page"%']
    )
    assert.lengthOf(rows, 1)
    /* PostgreSQL tries custom plans 5 times before it compares them with the generic one. */
    assert.isAtMost(Number(rows[0].custom_plans), 5)
    assert.isAtLeast(Number(rows[0].generic_plans), 3)
  })

  test('maxPrice keeps price_per_serving <= maxPrice; author keeps one member', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember('Alice')
    const bob = await makeMember('bob')
    /* price_per_serving: 2912 (100 g pork), 1456 (2 servings), 5824 (200 g) */
    const cheap = await makeRecipe(alice, { lines: [['삼겹살', '100']] })
    const shared = await makeRecipe(bob, { servings: 2, lines: [['삼겹살', '100']] })
    const dear = await makeRecipe(alice, { lines: [['삼겹살', '200']] })

    const budget = await client.get('/posts').qs({ maxPrice: 2912, sort: 'price_per_serving' })
    assert.deepEqual(ids(budget.body().posts), [shared, cheap])
    assert.include(budget.body(), { total: 2, lastPage: 1 })

    const zero = await client.get('/posts').qs({ maxPrice: 0 })
    assert.include(zero.body(), { total: 0 })

    /* Past the price columns' 32-bit bound: every recipe, as that bound (it was a 500 on PostgreSQL). */
    for (const maxPrice of [2_147_483_647, 2_147_483_648, '999999999999999999999']) {
      const unlimited = await client.get('/posts').qs({ maxPrice, sort: 'price_per_serving' })
      unlimited.assertStatus(200)
      assert.deepEqual(ids(unlimited.body().posts), [shared, cheap, dear])
    }

    const byAlice = await client.get('/posts').qs({ author: 'alice', sort: 'oldest' })
    assert.deepEqual(ids(byAlice.body().posts), [cheap, dear])
    assert.equal(byAlice.body().total, 2)
    assert.isTrue(
      byAlice.body().posts.every((post: { username: string }) => post.username === 'Alice')
    )

    const combined = await client.get('/posts').qs({ author: 'Alice', maxPrice: 3000 })
    assert.deepEqual(ids(combined.body().posts), [cheap])
    assert.equal(combined.body().total, 1)

    /* The last page number allowed (2^53 − 1) is past the end: empty, with the total. */
    for (const sort of ['latest', 'price_per_serving']) {
      const farthest = await client
        .get('/posts')
        .qs({ pageNo: Number.MAX_SAFE_INTEGER, pageSize: 100, sort, author: 'Alice' })
      farthest.assertStatus(200)
      assert.deepEqual(farthest.body().posts, [])
      assert.include(farthest.body(), {
        pageNo: Number.MAX_SAFE_INTEGER,
        total: byAlice.body().total,
      })
    }
    const farthestUnfiltered = await client
      .get('/posts')
      .qs({ pageNo: Number.MAX_SAFE_INTEGER, pageSize: 100 })
    farthestUnfiltered.assertStatus(200)
    assert.deepEqual(farthestUnfiltered.body().posts, [])

    const nobody = await client.get('/posts').qs({ author: 'nobody' })
    nobody.assertStatus(200)
    assert.include(nobody.body(), { total: 0, lastPage: 0 })
    assert.deepEqual(nobody.body().posts, [])
  })

  test('invalid query values are 422 and every one is listed', async ({ client, assert }) => {
    const response = await client.get('/posts').qs({
      pageNo: 0,
      pageSize: 101,
      sort: 'cheapest',
      maxPrice: -1,
      q: 'x'.repeat(201),
    })
    response.assertStatus(422)
    assert.equal(response.body().result, 'failed')
    assert.equal(response.body().message, '입력값이 올바르지 않음')
    const rules = response
      .body()
      .errors.map((error: { field: string; rule: string }) => `${error.field}:${error.rule}`)
    assert.sameMembers(rules, [
      'pageNo:range',
      'pageSize:range',
      'sort:enum',
      'maxPrice:min',
      'q:maxLength',
    ])

    const more: [Record<string, unknown>, string][] = [
      [{ pageSize: 0 }, 'pageSize:range'],
      [{ pageNo: 'abc' }, 'pageNo:number'],
      [{ pageNo: 1.5 }, 'pageNo:withoutDecimals'],
      /* Past the exact integers (it was a 500: the offset was written 1e+22). */
      [{ pageNo: '9007199254740992' }, 'pageNo:range'],
      [{ pageNo: '999999999999999999999' }, 'pageNo:range'],
      [{ maxPrice: 1.5 }, 'maxPrice:withoutDecimals'],
    ]
    for (const [qs, expected] of more) {
      const invalid = await client.get('/posts').qs(qs)
      invalid.assertStatus(422)
      assert.deepEqual(
        invalid
          .body()
          .errors.map((error: { field: string; rule: string }) => `${error.field}:${error.rule}`),
        [expected]
      )
    }
  })
})

test.group('GET /posts with empty parameters', (group) => {
  group.each.setup(withRealCommits)

  test('empty q, sort, maxPrice and author (as the SPA sends them) are no filter', async ({
    client,
    assert,
  }) => {
    const alice = await makeMember()
    const first = await makeRecipe(alice, { title: 'first' })
    const second = await makeRecipe(alice, { title: 'second' })
    const response = await client.get('/posts?pageNo=1&pageSize=10&q=&sort=&maxPrice=&author=')
    response.assertStatus(200)
    assert.deepEqual(ids(response.body().posts), [second, first])
    assert.include(response.body(), { total: 2, lastPage: 1, pageNo: 1, pageSize: 10 })

    const blankPaging = await client.get('/posts?pageNo=&pageSize=')
    blankPaging.assertStatus(200)
    assert.include(blankPaging.body(), { pageNo: 1, pageSize: 10 })
  })
})
