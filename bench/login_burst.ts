/*
 * A burst of logins against a running server, and how an authenticated request fares meanwhile:
 *
 *   node --import=@poppinss/ts-exec bench/login_burst.ts [base URL, default http://127.0.0.1:3333]
 *
 * The server must hold the demo data set (`node ace demo:seed`, password `hankki-demo-1234`); the
 * authors of the first recipes are the members who log in. BURST_LOGINS (40) log in at once while
 * `GET /members/me` is sent one request after another until the last login has answered; the
 * script prints when the logins finished and the latency of those authenticated requests.
 */
const BASE = process.argv[2] ?? 'http://127.0.0.1:3333'
const LOGINS = Number(process.env.BURST_LOGINS ?? 40)
const PASSWORD = 'hankki-demo-1234'

async function json(path: string, init?: RequestInit) {
  const response = await fetch(BASE + path, init)
  return { status: response.status, body: (await response.json()) as any }
}

function login(username: string) {
  return json('/members/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
}

const { body: list } = await json('/posts?pageSize=100')
const usernames = [...new Set<string>(list.posts.map((post: any) => post.username))]
if (usernames.length < 2) {
  throw new Error(`need demo data: ${usernames.length} authors on the first page of ${BASE}/posts`)
}

const first = await login(usernames[0])
const token: string | undefined = first.body.access_token
if (first.status !== 200 || !token) {
  throw new Error(
    `login of ${usernames[0]} answered ${first.status}: ${JSON.stringify(first.body)}`
  )
}

async function me() {
  const startedAt = performance.now()
  const response = await fetch(`${BASE}/members/me`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`GET /members/me answered ${response.status}`)
  return performance.now() - startedAt
}

/* Warm-up: JIT-compiled code and an open connection before the burst. */
for (let index = 0; index < 50; index++) await me()

const burstStart = performance.now()
let burstOver = false
const burst = Promise.all(
  Array.from({ length: LOGINS }, async (_, index) => {
    const { status } = await login(usernames[1 + (index % (usernames.length - 1))])
    return { status, doneMs: performance.now() - burstStart }
  })
).finally(() => (burstOver = true))

const latencies: number[] = []
while (!burstOver) latencies.push(await me())
const logins = await burst

const done = logins.map((entry) => entry.doneMs).sort((a, b) => a - b)
latencies.sort((a, b) => a - b)
const at = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))].toFixed(1)
console.log(
  `${LOGINS} logins at once: ${logins.filter((entry) => entry.status === 200).length} answered 200; ` +
    `first after ${at(done, 0)} ms, median ${at(done, 0.5)} ms, last ${at(done, 1)} ms`
)
console.log(
  `GET /members/me meanwhile, one after another: ${latencies.length} answered, ` +
    `p50 ${at(latencies, 0.5)} ms, p99 ${at(latencies, 0.99)} ms, max ${at(latencies, 1)} ms`
)
