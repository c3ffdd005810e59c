import { test } from '@japa/runner'
import { findInSources, type ForbiddenPattern } from '#tests/helpers/source_scan'

/*
 * The database engine (database/engine/README.md) uses only public driver
 * APIs. These are the library internals and test-only branches it once
 * reached into; none may come back in the app's sources.
 */
const FORBIDDEN: ForbiddenPattern[] = [
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

test.group('Database engine internals', () => {
  test('no source under app, database, providers, config or start references them', async ({
    assert,
  }) => {
    const { files, found } = await findInSources(FOLDERS, FORBIDDEN, EXEMPT)
    assert.isAbove(files, 50)
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
