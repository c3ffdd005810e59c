import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'

/*
 * The database engine (database/engine/README.md) uses only public driver
 * APIs. These are the library internals and test-only branches it once
 * reached into; none may come back in the app's sources.
 */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/acquireConnection|releaseConnection/, "tarn's / knex's pool internals"],
  [/skipBinding/, "knex's skipBinding"],
  [/parsedStatements|submittedNamedStatements/, "pg's prepared-statement bookkeeping"],
  [/unpeekableParameters|\.replace\([^)]*\\\?[^)]*'\+\?'/, 'rewriting ? to +? in SQL text'],
  [/\.prepare\s*=|\.query\s*=(?!=)/, 'replacing a driver connection method'],
  [/eval:\s*true/, 'a worker run through eval'],
  [/isTransaction/, "branching on Lucid's isTransaction"],
]

const FOLDERS = ['app', 'database', 'providers', 'config', 'start']
/* Moved out of app/services by another change, with its own reason to know about transactions. */
const EXEMPT = /(^|\/)demo_data_generator\.ts$/

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return sources(path)
      return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : []
    })
  )
  return files.flat()
}

test.group('Database engine internals', () => {
  test('no source under app, database, providers, config or start references them', async ({
    assert,
  }) => {
    const perFolder = await Promise.all(FOLDERS.map((folder) => sources(app.makePath(folder))))
    const files = perFolder.flat()
    assert.isAbove(files.length, 50)
    const found: string[] = []
    for (const file of files) {
      const path = relative(app.makePath(), file)
      if (EXEMPT.test(path)) continue
      const text = await readFile(file, 'utf8')
      const lines = text.split('\n')
      lines.forEach((line, index) => {
        for (const [pattern, what] of FORBIDDEN) {
          if (pattern.test(line)) found.push(`${path}:${index + 1}: ${what}: ${line.trim()}`)
        }
      })
    }
    assert.deepEqual(found, [])
  })

  test('the patterns catch what they are meant to catch', ({ assert }) => {
    const samples = [
      'const connection = await pool.acquireConnection()',
      'page.knexQuery.limit(10, { skipBinding: true })',
      'delete conn.connection.parsedStatements[name]',
      'unpeekableParameters(sql)',
      "sql.replace(/\\?/g, '+?')",
      'conn.prepare = (sql) => cached(sql)',
      'conn.query = (config) => named(config)',
      'new Worker(SOURCE, { eval: true })',
      'if (db.connection().isTransaction) {',
    ]
    for (const sample of samples) {
      assert.isTrue(
        FORBIDDEN.some(([pattern]) => pattern.test(sample)),
        sample
      )
    }
    assert.isFalse(FORBIDDEN.some(([pattern]) => pattern.test('if (a.query === b) {')))
  })
})
