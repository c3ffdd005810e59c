import { connect } from 'node:net'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { loginHeaders } from '#tests/helpers/auth'
import { makeMember } from '#tests/helpers/recipes'

/*
 * Contract §1: a body that is not valid UTF-8 is 400 in the envelope with
 * X-Request-Id, whatever its type (JSON, urlencoded, text) or
 * Content-Encoding; a valid body (a real U+FFFD, characters split across
 * chunks, close to the size limit) is read as before. The bytes go over a raw
 * socket: the API client would re-encode them.
 */

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/*
 * One HTTP/1.1 request over its own socket. Each element of `chunks` is
 * written separately, `pauseMs` apart; with `chunked` each one is its own
 * transfer-encoding chunk, else the body has a Content-Length.
 */
async function send(
  path: string,
  chunks: Buffer[],
  options: {
    headers?: Record<string, string>
    chunked?: boolean
    pauseMs?: number
    method?: string
  } = {}
): Promise<RawResponse> {
  const { headers = {}, chunked = false, pauseMs = 0, method = 'POST' } = options
  const socket = connect(Number(process.env.PORT), process.env.HOST)
  socket.setNoDelay(true)
  const received: Buffer[] = []
  socket.on('data', (data) => received.push(data))
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))

  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  const head = {
    'Host': `${process.env.HOST}:${process.env.PORT}`,
    'Content-Type': 'application/json',
    'Connection': 'close',
    ...headers,
    ...(chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(length) }),
  }
  const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n`)
  for (const chunk of chunks) {
    if (pauseMs) {
      await sleep(pauseMs)
    }
    socket.write(
      chunked
        ? Buffer.concat([
            Buffer.from(`${chunk.length.toString(16)}\r\n`),
            chunk,
            Buffer.from('\r\n'),
          ])
        : chunk
    )
  }
  if (chunked) {
    socket.write('0\r\n\r\n')
  }
  await closed

  const raw = Buffer.concat(received)
  const split = raw.indexOf('\r\n\r\n')
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n')
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      headerLines.map((line) => {
        const colon = line.indexOf(':')
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
      })
    ),
    body: raw.subarray(split + 4).toString('utf8'),
  }
}

/* The bytes of `before`, then `bytes` as they are, then the bytes of `after`. */
function spliced(before: string, bytes: number[], after: string) {
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
}

/* Cuts `body` into pieces of `size` bytes (the last one shorter). */
function pieces(body: Buffer, size: number) {
  const result: Buffer[] = []
  for (let offset = 0; offset < body.length; offset += size) {
    result.push(body.subarray(offset, offset + size))
  }
  return result
}

function assertNotUtf8(response: RawResponse, assert: Assert, requestId?: string) {
  assert.equal(response.status, 400, response.body)
  assert.deepEqual(JSON.parse(response.body), { result: 'failed', message: '잘못된 요청 형식' })
  assert.match(response.headers['content-type'], /^application\/json/)
  if (requestId) {
    assert.equal(response.headers['x-request-id'], requestId)
  } else {
    assert.isString(response.headers['x-request-id'])
  }
}

/* Byte sequences that are not UTF-8, each inside a JSON string. */
const INVALID: Record<string, number[]> = {
  'lone continuation byte': [0x80],
  'two continuation bytes': [0xbf, 0xbf],
  'overlong slash (2 bytes)': [0xc0, 0xaf],
  'overlong slash (3 bytes)': [0xe0, 0x80, 0xaf],
  'overlong NUL (4 bytes)': [0xf0, 0x80, 0x80, 0x80],
  'encoded surrogate': [0xed, 0xa0, 0x80],
  'beyond U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
  'truncated sequence': [0xec, 0x95],
  'invalid lead byte': [0xff],
  'latin-1 text': [0x6b, 0x69, 0x6d, 0xe9],
}

async function postCount() {
  const row = await db.from('posts').count('* as total').first()
  return Number(row?.total ?? 0)
}

test.group('Bodies that are not UTF-8', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a JSON body with invalid bytes is 400 on a public and an authenticated route', async ({
    assert,
  }) => {
    const auth = await loginHeaders(await makeMember())
    const before = await postCount()
    for (const [name, bytes] of Object.entries(INVALID)) {
      const check = await send('/members/validation', [spliced('{"username":"kim', bytes, '"}')], {
        headers: { 'X-Request-Id': 'utf8-public' },
      })
      assertNotUtf8(check, assert, 'utf8-public')

      const post = await send(
        '/posts/forms',
        [spliced('{"post":{"title":"김치찌개","content":"맛', bytes, '있다"}}')],
        { headers: { ...auth, 'X-Request-Id': 'utf8-auth' } }
      )
      assertNotUtf8(post, assert, 'utf8-auth')
      assert.equal(await postCount(), before, name)
    }
  })

  test('a sequence cut off at the very end of the body is 400 (JSON, form, text)', async ({
    assert,
  }) => {
    const auth = await loginHeaders(await makeMember())
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const fields = 'post.title=%EA%B9%80%EC%B9%98&post.content='
    const validForm = await send('/posts/forms', [Buffer.from(`${fields}끓인다`)], {
      headers: { ...auth, ...form },
    })
    assert.equal(validForm.status, 201, validForm.body)
    const cutForm = await send('/posts/forms', [spliced(`${fields}끓인다`, [0xeb, 0xa7], '')], {
      headers: { ...auth, ...form },
    })
    assertNotUtf8(cutForm, assert)

    /* No route reads text, but the body parser does: the check is the same. */
    const text = { 'Content-Type': 'text/plain; charset=utf-8' }
    const validText = await send('/members/validation', [Buffer.from('김치')], { headers: text })
    assert.equal(validText.status, 422, validText.body)
    const cutText = await send('/members/validation', [spliced('김치', [0xf0, 0x9f, 0x8d], '')], {
      headers: text,
    })
    assertNotUtf8(cutText, assert)

    const json = await send('/posts/forms', [spliced('{"post":{"title":"t"}}', [0xed, 0x95], '')], {
      headers: auth,
    })
    assertNotUtf8(json, assert)
  })

  test('a compressed body whose decoded bytes are not UTF-8 is 400', async ({ assert }) => {
    const body = spliced('{"username":"kim', [0xc0, 0xaf], '"}')
    const encodings: [string, (data: Buffer) => Buffer][] = [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ]
    for (const [encoding, compress] of encodings) {
      const response = await send('/members/validation', [compress(body)], {
        headers: { 'Content-Encoding': encoding },
      })
      assertNotUtf8(response, assert)
    }
    /* Cut across chunks, slowly: the invalid bytes are in the last ones. */
    const padded = spliced(`{"username":"kim","x":"${'가'.repeat(20_000)}`, [0xe0, 0x80], '"}')
    const slow = await send('/members/validation', pieces(gzipSync(padded), 97), {
      headers: { 'Content-Encoding': 'gzip' },
      chunked: true,
    })
    assertNotUtf8(slow, assert)
  })
})

test.group('UTF-8 bodies are read as before', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a real U+FFFD (EF BF BD) is accepted, plain and compressed', async ({ assert }) => {
    const auth = await loginHeaders(await makeMember())
    const content = '맛\uFFFD있다 \uFFFD'
    const body = Buffer.from(JSON.stringify({ post: { title: '김치\uFFFD찌개', content } }))
    assert.isTrue(body.includes(Buffer.from([0xef, 0xbf, 0xbd])))
    for (const [headers, bytes] of [
      [{}, body],
      [{ 'Content-Encoding': 'gzip' }, gzipSync(body)],
      [{ 'Content-Encoding': 'br' }, brotliCompressSync(body)],
    ] as const) {
      const response = await send('/posts/forms', [bytes], { headers: { ...auth, ...headers } })
      assert.equal(response.status, 201, response.body)
      const post = await db.from('posts').where('id', JSON.parse(response.body).post_id).first()
      assert.equal(post.content, content)
    }
  })

  test('Korean split across slow chunks over a raw socket is accepted intact', async ({
    assert,
  }) => {
    const auth = await loginHeaders(await makeMember())
    const content = '돼지고기와 김치를 볶다가 물을 붓고 끓인다 🍲'
    const body = Buffer.from(JSON.stringify({ post: { title: '김치찌개', content } }))
    /* Every 1 to 5 bytes: most pieces end inside a character. */
    for (const size of [1, 2, 4, 5]) {
      const response = await send('/posts/forms', pieces(body, size), {
        headers: auth,
        chunked: true,
        pauseMs: size === 1 ? 0 : 2,
      })
      assert.equal(response.status, 201, response.body)
      const post = await db.from('posts').where('id', JSON.parse(response.body).post_id).first()
      assert.equal(post.content, content)
    }
    const gzipped = await send('/posts/forms', pieces(gzipSync(body), 3), {
      headers: { ...auth, 'Content-Encoding': 'gzip' },
      chunked: true,
      pauseMs: 2,
    })
    assert.equal(gzipped.status, 201, gzipped.body)
  })

  test('a body just under 1 MiB is read; one over is 413, with or without bad bytes', async ({
    assert,
  }) => {
    const auth = await loginHeaders(await makeMember())
    const limit = 1024 * 1024
    const head = '{"post":{"title":"큰 레시피","content":"끓인다"},"ignored":"'
    /* Three-byte characters up to the limit, so TCP segments cut many of them. */
    const filler = '한'.repeat(Math.floor((limit - Buffer.byteLength(head) - 2) / 3))
    const body = Buffer.from(`${head}${filler}"}`)
    assert.isAtMost(body.length, limit)
    assert.isAbove(body.length, limit - 3)
    const near = await send('/posts/forms', [body], { headers: auth })
    assert.equal(near.status, 201, near.body)
    const chunkedNear = await send('/posts/forms', pieces(body, 65_537), {
      headers: auth,
      chunked: true,
      pauseMs: 1,
    })
    assert.equal(chunkedNear.status, 201, chunkedNear.body)

    /* The same size with one bad byte at the end. */
    const bad = Buffer.from(body)
    bad[bad.length - 3] = 0xe0
    assertNotUtf8(await send('/posts/forms', [bad], { headers: auth }), assert)

    const over = Buffer.concat([body.subarray(0, body.length - 2), Buffer.from('한한"}')])
    assert.isAbove(over.length, limit)
    for (const bytes of [over, Buffer.concat([over, Buffer.from([0xff])])]) {
      const response = await send('/posts/forms', [bytes], { headers: auth })
      assert.equal(response.status, 413, response.body)
      assert.deepEqual(JSON.parse(response.body), {
        result: 'failed',
        message: '요청 본문이 너무 큼',
      })
    }
    /* Decoded size counts: a small gzip of a body over the limit is 413. */
    const gzipped = await send('/posts/forms', [gzipSync(over)], {
      headers: { ...auth, 'Content-Encoding': 'gzip' },
    })
    assert.equal(gzipped.status, 413, gzipped.body)
  })
})
