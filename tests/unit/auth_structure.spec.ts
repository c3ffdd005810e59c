import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

/* Every TypeScript file under app/, with its text. */
async function appSources() {
  const root = app.makePath('app')
  const entries = await readdir(root, { recursive: true })
  const files = entries.filter((entry) => entry.endsWith('.ts'))
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(join(root, file), 'utf8') }))
  )
}

function occurrences(sources: { file: string; text: string }[], needle: RegExp) {
  return sources.flatMap(({ file, text }) => (text.match(needle) ?? []).map(() => file))
}

/* Issue 17 item 5: authentication lives in app/auth, each part written once. */
test.group('Auth in one folder', () => {
  test('login, refresh and account deletion are in app/auth', ({ assert }) => {
    for (const name of ['login_service', 'token_refresh', 'member_account']) {
      assert.isTrue(existsSync(app.makePath('app/auth', `${name}.ts`)), `app/auth/${name}.ts`)
      assert.isFalse(
        existsSync(app.makePath('app/services', `${name}.ts`)),
        `app/services/${name}.ts`
      )
    }
  })

  test('the Authorization header and the CSRF header are read in one place', async ({ assert }) => {
    const sources = await appSources()
    assert.deepEqual(occurrences(sources, /header\(\s*'authorization'\s*\)/gi), [
      'auth/presented_token.ts',
    ])
    assert.deepEqual(occurrences(sources, /header\(\s*'x-csrf-token'\s*\)/gi), [
      'auth/presented_token.ts',
    ])
  })

  test('AuthCookies is made once', async ({ assert }) => {
    const sources = await appSources()
    assert.deepEqual(occurrences(sources, /new AuthCookies\(/g), ['auth/auth_cookies.ts'])
  })

  test('verified access tokens are kept in lru-cache, not a hand-written LRU map', async ({
    assert,
  }) => {
    const source = await readFile(app.makePath('app/auth/token_service.ts'), 'utf8')
    assert.include(source, "from 'lru-cache'")
    assert.notMatch(source, /new Map</)
  })
})
