/*
 * The floor: the fastest this machine answers GET /posts and GET /posts/{id}
 * on the same data with the same driver (better-sqlite3 or pg), without a
 * framework, an ORM, middleware or logging. bench/run.ts reports the API's
 * figures as a ratio to these.
 *
 *   FLOOR_DB=sqlite FLOOR_SQLITE_FILE=build/tmp/bench.sqlite3 PORT=3379 node --import=@poppinss/ts-exec bench/floor_server.ts
 *   FLOOR_DB=pg FLOOR_PG_DB=hankki_bench PORT=3379 node --import=@poppinss/ts-exec bench/floor_server.ts
 */
import { createServer, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import pg from 'pg'

/* better-sqlite3 ships no types; the two methods used here. */
interface SqliteStatement {
  all(...params: unknown[]): unknown[]
}
interface SqliteDatabase {
  pragma(source: string): unknown
  prepare(sql: string): SqliteStatement
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean }
) => SqliteDatabase

type Row = Record<string, unknown>
type Query = (sql: string, params: unknown[]) => Promise<Row[]>

/* Each sort's ORDER BY in its own table: the prices are in post_prices (its indexes carry post_id). */
const SORTS: Record<string, { table: 'posts' | 'post_prices'; order: string }> = {
  latest: { table: 'posts', order: 'created_at DESC, id DESC' },
  oldest: { table: 'posts', order: 'created_at ASC, id ASC' },
  likes: { table: 'posts', order: 'like_count DESC, id DESC' },
  price: { table: 'post_prices', order: 'price ASC, post_id ASC' },
  price_per_serving: { table: 'post_prices', order: 'price_per_serving ASC, post_id ASC' },
}

function connect(): { query: Query; placeholder: (n: number) => string; like: string } {
  if (process.env.FLOOR_DB === 'pg') {
    const pool = new pg.Pool({
      host: process.env.FLOOR_PG_HOST ?? '127.0.0.1',
      port: Number(process.env.FLOOR_PG_PORT ?? 5432),
      user: process.env.FLOOR_PG_USER ?? 'postgres',
      database: process.env.FLOOR_PG_DB ?? 'hankki_bench',
      max: 10,
    })
    /* Named statements: parsed and planned once per connection. */
    const names = new Map<string, string>()
    return {
      placeholder: (n) => `$${n}`,
      like: 'ILIKE',
      query: async (sql, params) => {
        let name = names.get(sql)
        if (!name) {
          name = `floor_${names.size}`
          names.set(sql, name)
        }
        const result = await pool.query({ name, text: sql, values: params })
        return result.rows
      },
    }
  }
  const db = new Database(process.env.FLOOR_SQLITE_FILE ?? 'build/tmp/bench.sqlite3', {
    readonly: true,
  })
  db.pragma('journal_mode = WAL')
  const statements = new Map<string, SqliteStatement>()
  return {
    placeholder: () => '?',
    like: 'LIKE',
    query: async (sql, params) => {
      let statement = statements.get(sql)
      if (!statement) {
        statement = db.prepare(sql)
        statements.set(sql, statement)
      }
      return statement.all(...params) as Row[]
    },
  }
}

const { query, placeholder: p, like } = connect()

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  })
  response.end(json)
}

const iso = (value: unknown) =>
  new Date(value instanceof Date ? value : Number(value)).toISOString()

async function list(params: URLSearchParams) {
  const pageNo = Math.max(1, Number(params.get('pageNo') ?? 1) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? 10) || 10))
  const sort = SORTS[params.get('sort') ?? 'latest'] ?? SORTS.latest
  const q = params.get('q')
  const where = q ? `WHERE title ${like} ${p(1)}` : ''
  const values: unknown[] = q ? [`%${q}%`] : []
  /*
   * The page's ids first, in the sort's index order (post_prices alone for an
   * unfiltered price sort), then join their rows, prices and authors. LIMIT
   * and OFFSET are validated integers written into the statement: as bound
   * parameters they give both planners a generic plan (a sort of every row on
   * PostgreSQL, the wrong join order on SQLite).
   */
  const range = `LIMIT ${pageSize} OFFSET ${(pageNo - 1) * pageSize}`
  const ids =
    sort.table === 'posts'
      ? `SELECT id FROM posts ${where} ORDER BY ${sort.order} ${range}`
      : q
        ? `SELECT posts.id FROM posts JOIN post_prices ON post_prices.post_id = posts.id ${where}
           ORDER BY ${sort.order.replaceAll(/(\w+) (ASC|DESC)/g, 'post_prices.$1 $2')} ${range}`
        : `SELECT post_id AS id FROM post_prices ORDER BY ${sort.order} ${range}`
  const outer = sort.order
    .replace('post_id', 'id')
    .replaceAll(
      /(\w+) (ASC|DESC)/g,
      (_, column: string, direction: string) =>
        `${column.startsWith('price') ? 'pp' : 'p'}.${column} ${direction}`
    )
  const rows = await query(
    `SELECT p.id, p.member_id, p.title, p.created_at, pp.price, p.servings, pp.price_per_serving,
            p.like_count, p.comment_count, CAST(pp.price_date AS TEXT) AS price_date, m.username
       FROM (${ids}) page JOIN posts p ON p.id = page.id JOIN post_prices pp ON pp.post_id = p.id
       JOIN members m ON m.id = p.member_id ORDER BY ${outer}`,
    values
  )
  const [{ total }] = q
    ? await query(`SELECT count(*) AS total FROM posts ${where}`, values)
    : await query(
        `SELECT sum(value) AS total FROM counters WHERE name >= 'posts#' AND name < 'posts$'`,
        []
      )
  return {
    result: 'success',
    message: '레시피 목록 조회 성공',
    posts: rows.map((row) => ({
      id: row.id,
      title: row.title,
      create_date: iso(row.created_at),
      username: row.username,
      price: row.price,
      servings: row.servings,
      price_per_serving: row.price_per_serving,
      like: row.like_count,
      comment_count: row.comment_count,
      price_date: row.price_date ?? null,
    })),
    pageNo,
    pageSize,
    total: Number(total),
    lastPage: Math.max(1, Math.ceil(Number(total) / pageSize)),
  }
}

async function detail(id: number) {
  const [post] = await query(
    `SELECT p.*, pp.price, pp.price_per_serving, m.username FROM posts p
       JOIN post_prices pp ON pp.post_id = p.id JOIN members m ON m.id = p.member_id WHERE p.id = ${p(1)}`,
    [id]
  )
  if (!post) {
    return null
  }
  const [lines, comments] = await Promise.all([
    query(
      `SELECT i.id, i.name, i.measure, i.price, i.unit, l.quantity FROM post_ingredients l
       JOIN ingredients i ON i.id = l.ingredient_id WHERE l.post_id = ${p(1)} ORDER BY l.position`,
      [id]
    ),
    query(
      `SELECT c.id, c.content, c.member_id, m.username, c.created_at, c.updated_at, c.like_count
       FROM comments c JOIN members m ON m.id = c.member_id WHERE c.post_id = ${p(1)}
       ORDER BY c.created_at, c.id`,
      [id]
    ),
  ])
  return {
    result: 'success',
    message: '레시피 조회 성공',
    post: {
      id: post.id,
      title: post.title,
      content: post.content,
      user_id: post.member_id,
      username: post.username,
      create_date: iso(post.created_at),
      modify_date: iso(post.updated_at),
      price: post.price,
      servings: post.servings,
      price_per_serving: post.price_per_serving,
      like: post.like_count,
      liked: false,
      ingredients: lines.map((line) => ({
        id: line.id,
        name: line.name,
        measure: line.measure,
        quantity: Number(line.quantity),
        cost: Math.round((Number(line.price) * Number(line.quantity)) / Number(line.unit)),
      })),
    },
    comments: comments.map((comment) => ({
      id: comment.id,
      content: comment.content,
      user_id: comment.member_id,
      username: comment.username,
      create_date: iso(comment.created_at),
      modify_date: iso(comment.updated_at),
      like: comment.like_count,
      liked: false,
    })),
  }
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://floor')
    if (url.pathname === '/posts') {
      return send(response, 200, await list(url.searchParams))
    }
    const match = /^\/posts\/(\d+)$/.exec(url.pathname)
    if (match) {
      const body = await detail(Number(match[1]))
      return send(
        response,
        body ? 200 : 404,
        body ?? { result: 'failed', message: '존재하지 않는 레시피' }
      )
    }
    send(response, 404, { result: 'failed', message: '존재하지 않는 경로' })
  } catch (error) {
    send(response, 500, { result: 'failed', message: String(error) })
  }
})

server.listen(Number(process.env.PORT ?? 3379), '127.0.0.1', () => {
  console.log(`floor server on ${process.env.FLOOR_DB ?? 'sqlite'} listening`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
