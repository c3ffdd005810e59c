import { test } from '@japa/runner'
import { InvalidTokenError, TokenService, safeEqual } from '#auth/token_service'

const subject = { memberId: 7, username: '김밥', sid: 'session-1' }
const LONG_KEY = 'k'.repeat(32)

test.group('TokenService / signing material', () => {
  test('production refuses a short JWT_SECRET', ({ assert }) => {
    assert.throws(
      () =>
        TokenService.fromEnvironment({
          nodeEnv: 'production',
          appKey: LONG_KEY,
          jwtSecret: 'short',
        }),
      /JWT_SECRET must be at least 32 characters/
    )
  })

  test('production refuses to derive from a missing or short APP_KEY', ({ assert }) => {
    for (const appKey of ['', 'too-short']) {
      assert.throws(
        () => TokenService.fromEnvironment({ nodeEnv: 'production', appKey }),
        /Set JWT_SECRET or an APP_KEY of at least 32 characters/
      )
    }
  })

  test('production accepts a long secret; development tolerates short ones', ({ assert }) => {
    assert.doesNotThrow(() =>
      TokenService.fromEnvironment({ nodeEnv: 'production', appKey: '', jwtSecret: LONG_KEY })
    )
    assert.doesNotThrow(() => TokenService.fromEnvironment({ nodeEnv: 'development', appKey: 'x' }))
  })

  test('the key derived from APP_KEY is not APP_KEY itself', async ({ assert }) => {
    const derived = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })
    const raw = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: 'x', jwtSecret: LONG_KEY })
    const token = await derived.sign({ ...subject, typ: 'access' })
    await assert.rejects(() => raw.verify(token.token, 'access'), InvalidTokenError)
    const claims = await derived.verify(token.token, 'access')
    assert.equal(claims.sub, '7')
  })

  test('lifetimes default to 30 minutes and 14 days and are configurable', async ({ assert }) => {
    const defaults = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })
    assert.equal(defaults.accessTtlSeconds, 1800)
    assert.equal(defaults.refreshTtlSeconds, 14 * 24 * 3600)

    const custom = TokenService.fromEnvironment({
      nodeEnv: 'test',
      appKey: LONG_KEY,
      accessTtl: '5m',
      refreshTtl: '1d',
    })
    const pair = await custom.issuePair(subject)
    assert.equal(pair.access.claims.exp - pair.access.claims.iat, 300)
    assert.equal(pair.refresh.claims.exp - pair.refresh.claims.iat, 86400)
  })
})

test.group('TokenService / claims', () => {
  test('a pair shares sid and has distinct jti and csrf values', async ({ assert }) => {
    const service = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })
    const { access, refresh } = await service.issuePair(subject)
    assert.equal(access.claims.sid, refresh.claims.sid)
    assert.notEqual(access.claims.jti, refresh.claims.jti)
    assert.notEqual(access.claims.csrf, refresh.claims.csrf)
    const claims = await service.verify(access.token, 'access')
    assert.deepEqual(claims, access.claims)
    await assert.rejects(() => service.verify(access.token, 'refresh'), InvalidTokenError)
    await assert.rejects(() => service.verify(refresh.token, 'access'), InvalidTokenError)
  })

  test('the same ids and time sign the identical pair again (the refresh reuse leeway)', async ({
    assert,
  }) => {
    const service = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })
    const ids = { accessJti: TokenService.newId(), refreshJti: TokenService.newId() }
    const now = Math.floor(Date.now() / 1000)
    const first = await service.issuePair(subject, now, ids)
    const again = await service.issuePair(subject, now, ids)
    assert.deepEqual(again, first)
    assert.equal(first.access.claims.jti, ids.accessJti)
    assert.equal(first.refresh.claims.jti, ids.refreshJti)
    /* Fresh ids (the default) give fresh tokens and csrf values. */
    const fresh = await service.issuePair(subject, now)
    assert.notEqual(fresh.access.token, first.access.token)
    assert.notEqual(fresh.access.claims.csrf, first.access.claims.csrf)
  })

  test('csrf values depend on the signing secret, not on the token id alone', async ({
    assert,
  }) => {
    const one = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })
    const other = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: 'o'.repeat(32) })
    const ids = { accessJti: 'same-jti-a', refreshJti: 'same-jti-r' }
    const [a, b] = await Promise.all([
      one.issuePair(subject, 1, ids),
      other.issuePair(subject, 1, ids),
    ])
    assert.notEqual(a.access.claims.csrf, b.access.claims.csrf)
    assert.notInclude(a.access.claims.csrf, ids.accessJti)
    assert.lengthOf(a.access.claims.csrf, 32)
  })

  test('safeEqual compares exactly', ({ assert }) => {
    assert.isTrue(safeEqual('abc', 'abc'))
    assert.isFalse(safeEqual('abc', 'abd'))
    assert.isFalse(safeEqual('abc', 'abcd'))
    assert.isFalse(safeEqual(undefined, 'abc'))
    assert.isFalse(safeEqual('', 'abc'))
  })
})

test.group('TokenService / production boot', () => {
  test('the server refuses to boot in production with short signing material', async ({
    assert,
  }) => {
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_KEY: 'short-key',
        JWT_SECRET: '',
        PORT: '3359',
        HOST: '127.0.0.1',
        DB_CONNECTION: 'sqlite',
        SQLITE_FILE: 'tmp/production-boot-check.sqlite3',
        REDIS_HOST: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.on('exit', (exitCode) => {
        clearTimeout(timer)
        resolve(exitCode)
      })
    })
    assert.notEqual(code, 0)
    assert.include(output, 'Set JWT_SECRET or an APP_KEY of at least 32 characters')
  }).timeout(30_000)
})

test.group('TokenService / verified access tokens kept', () => {
  const service = () => TokenService.fromEnvironment({ nodeEnv: 'test', appKey: LONG_KEY })

  test('a kept access token still expires at its exp', async ({ assert }) => {
    const tokens = service()
    const now = Math.floor(Date.now() / 1000)
    const { token, claims } = await tokens.sign({ ...subject, typ: 'access' }, now)
    assert.deepEqual(await tokens.verify(token, 'access', now), claims)
    /* Served from the kept set now, and refused from it once exp has come. */
    assert.deepEqual(await tokens.verify(token, 'access', claims.exp - 1), claims)
    await assert.rejects(() => tokens.verify(token, 'access', claims.exp), InvalidTokenError)
    /* The same rule as jose's for a token never seen before. */
    const fresh = await tokens.sign({ ...subject, typ: 'access' }, now)
    await assert.rejects(() => tokens.verify(fresh.token, 'access', claims.exp), InvalidTokenError)
  })

  test('a kept access token is still refused as a refresh token, and an altered one is verified in full', async ({
    assert,
  }) => {
    const tokens = service()
    const { token } = await tokens.sign({ ...subject, typ: 'access' })
    await tokens.verify(token, 'access')
    await assert.rejects(() => tokens.verify(token, 'refresh'), InvalidTokenError)

    const [header, payload, signature] = token.split('.')
    const flipped = signature[0] === 'A' ? 'B' : 'A'
    await assert.rejects(
      () => tokens.verify(`${header}.${payload}.${flipped}${signature.slice(1)}`, 'access'),
      InvalidTokenError
    )
    /* Another service's key does not accept it, whatever this one kept. */
    const other = TokenService.fromEnvironment({ nodeEnv: 'test', appKey: 'o'.repeat(32) })
    await assert.rejects(() => other.verify(token, 'access'), InvalidTokenError)
  })

  test('answers are copies: a caller changing one does not change the next', async ({ assert }) => {
    const tokens = service()
    const { token, claims } = await tokens.sign({ ...subject, typ: 'access' })
    const first = await tokens.verify(token, 'access')
    first.sub = '999'
    assert.deepEqual(await tokens.verify(token, 'access'), claims)
  })
})
