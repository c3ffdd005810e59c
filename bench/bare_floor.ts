/*
 * The bare floor: what this machine gives a request that does only the
 * database and Redis work of a PostgreSQL read, with nothing else (no
 * framework, no costing, no logging). It answers how low p99 at 50
 * connections can go here at all; bench/README.md has its figures.
 *
 *   GET /select1        one `SELECT 1` (the pg round trip alone)
 *   GET /posts/random   the anonymous detail's one statement (recipe, author,
 *                       lines and comments as JSON) for a random recipe, the
 *                       row sent as JSON
 *   GET /plans/{id}     a session check in Redis (HMGET, as the jwt guard's)
 *                       and the plan's snapshot statement, then a kept 3 KB
 *                       answer (a plan read with nothing committed since)
 *
 *   BARE_PG_DB=hankki_bench PORT=3390 node --import=@poppinss/ts-exec bench/bare_floor.ts
 *   npx autocannon -c 50 -d 8 http://127.0.0.1:3390/posts/random
 *
 * The Redis session hash lives under BARE_REDIS_KEY_PREFIX in database 15
 * and is deleted on SIGTERM.
 */
import { createServer, type ServerResponse } from 'node:http'
import pg from 'pg'
import { Redis } from 'ioredis'

const pool = new pg.Pool({
  host: process.env.BARE_PG_HOST ?? '127.0.0.1',
  user: process.env.BARE_PG_USER ?? 'postgres',
  database: process.env.BARE_PG_DB ?? 'hankki_bench',
  max: 10,
})
const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 15 })
const SESSION = `${process.env.BARE_REDIS_KEY_PREFIX ?? 'hankki-bare-floor:'}session`
await redis.hset(SESSION, 'm', '1', 'a', 'current-access-jti')

const { rows: counted } = await pool.query('SELECT max(id) AS max FROM posts')
const RECIPES = Number(counted[0].max)

const DETAIL = `SELECT p.id, p.member_id, p.title, p.content, p.servings, p.like_count,
    p.created_at, p.updated_at, m.username,
    (SELECT changes FROM counters WHERE name = 'prices') AS prices_version,
    (SELECT coalesce(json_agg(json_build_object('id', i.id, 'name', i.name, 'measure', i.measure,
        'quantity', pi.quantity::text, 'line_measure', pi.measure, 'price', i.price, 'unit', i.unit)
        ORDER BY pi.position), '[]'::json)
      FROM post_ingredients AS pi JOIN ingredients AS i ON i.id = pi.ingredient_id
      WHERE pi.post_id = p.id) AS lines,
    (SELECT coalesce(json_agg(json_build_object('id', c.id, 'content', c.content,
        'member_id', c.member_id, 'username', cm.username, 'like_count', c.like_count)
        ORDER BY c.created_at, c.id), '[]'::json)
      FROM comments AS c JOIN members AS cm ON cm.id = c.member_id
      WHERE c.post_id = p.id) AS comments
  FROM posts AS p JOIN members AS m ON m.id = p.member_id WHERE p.id = $1`

const PLAN = `SELECT id, member_id, name, budget, created_at, updated_at,
    pg_current_snapshot()::text AS version FROM plans WHERE id = $1`

const KEPT_PLAN = Buffer.from(JSON.stringify({ result: 'success', plan: 'x'.repeat(3_000) }))

function send(response: ServerResponse, status: number, body: Buffer | string) {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  response.end(body)
}

const server = createServer(async (request, response) => {
  try {
    const url = request.url ?? '/'
    if (url === '/select1') {
      await pool.query({ name: 'select1', text: 'SELECT 1 AS one' })
      return send(response, 200, '{"result":"success"}')
    }
    if (url === '/posts/random') {
      const id = 1 + Math.floor(Math.random() * RECIPES)
      const { rows } = await pool.query({ name: 'detail', text: DETAIL, values: [id] })
      return send(response, 200, JSON.stringify({ result: 'success', post: rows[0] ?? null }))
    }
    const plan = /^\/plans\/(\d+)$/.exec(url)
    if (plan) {
      const [member, access] = await redis.hmget(SESSION, 'm', 'a')
      const { rows } = await pool.query({ name: 'plan', text: PLAN, values: [Number(plan[1])] })
      const found = member === '1' && access === 'current-access-jti' && rows.length === 1
      return found ? send(response, 200, KEPT_PLAN) : send(response, 404, '{"result":"failed"}')
    }
    send(response, 404, '{"result":"failed"}')
  } catch (error) {
    send(response, 500, JSON.stringify({ result: 'failed', message: String(error) }))
  }
})

server.listen(Number(process.env.PORT ?? 3390), '127.0.0.1', () => {
  console.log(`bare floor on PostgreSQL ${process.env.BARE_PG_DB ?? 'hankki_bench'} listening`)
})
process.on('SIGTERM', () => {
  server.close(async () => {
    await redis.del(SESSION)
    await Promise.all([redis.quit(), pool.end()])
    process.exit(0)
  })
})
