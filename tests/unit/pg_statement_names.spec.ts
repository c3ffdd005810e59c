import { test } from '@japa/runner'
import { statementName } from '#database/engine/pg_reads'

/*
 * The engine's PostgreSQL reads are sent as named statements; a name stands
 * for one text only, or pg refuses to prepare it. (The real server is
 * exercised in tests/functional/database/engine_reads.spec.ts.)
 */
test.group('PostgreSQL statement names', () => {
  test('one name per text, the same on every run', ({ assert }) => {
    const first = statementName('SELECT 1 AS unit_probe')
    const second = statementName('SELECT 2 AS unit_probe')
    assert.match(first, /^hankki_\d+$/)
    assert.notEqual(first, second)
    assert.equal(statementName('SELECT 1 AS unit_probe'), first)
    assert.equal(statementName('SELECT 2 AS unit_probe'), second)
  })

  test('a name is never given to a second text', ({ assert }) => {
    const names = new Set<string>()
    for (let index = 0; index < 2000; index++) {
      names.add(statementName(`SELECT ${index} AS unit_many`))
    }
    assert.equal(names.size, 2000)
    /* A text forgotten since (more texts than are kept) comes back under a new name. */
    assert.isFalse(names.has(statementName('SELECT 0 AS unit_many')))
  })
})
