import { test } from '@japa/runner'
import { namePgStatements, STATEMENT_CACHE_SIZE } from '#database/prepared_statements'

/*
 * A stand-in for a pg client that records what it is sent and, like pg 9,
 * refuses a query while another one runs. (The real server is exercised in
 * tests/functional/database/prepared_statements.spec.ts.)
 */
function recordingConnection() {
  const sent: Array<{ text: string; name?: string }> = []
  let running = false
  const parsedStatements: Record<string, string> = {}
  const connection = {
    connection: { parsedStatements, submittedNamedStatements: {} },
    query(config: unknown, values?: unknown, callback?: unknown) {
      if (running) {
        throw new Error('query sent while another one runs')
      }
      const statement =
        typeof config === 'string' ? { text: config } : (config as { text: string; name?: string })
      sent.push({ text: statement.text, name: statement.name })
      if (statement.name) {
        parsedStatements[statement.name] = statement.text
      }
      running = true
      const done = new Promise((resolve) => setImmediate(resolve)).then(() => {
        running = false
        return { rows: [] }
      })
      const callbackOf = typeof values === 'function' ? values : callback
      if (typeof callbackOf === 'function') {
        done.then((result) => callbackOf(null, result))
        return undefined
      }
      return done
    },
  }
  namePgStatements(connection)
  return { connection, sent }
}

test.group('PostgreSQL statement names', () => {
  test('an evicted name is deallocated before the next statement is sent', async ({ assert }) => {
    const { connection, sent } = recordingConnection()
    for (let index = 0; index <= STATEMENT_CACHE_SIZE; index++) {
      await connection.query({ text: `SELECT ${index}`, values: [] })
    }
    assert.deepEqual(sent.at(-2), { text: 'DEALLOCATE hankki_1', name: undefined })
    assert.deepEqual(sent.at(-1), {
      text: `SELECT ${STATEMENT_CACHE_SIZE}`,
      name: `hankki_${STATEMENT_CACHE_SIZE + 1}`,
    })

    /* knex's form: a callback instead of a promise. */
    const answered = await new Promise((resolve, reject) =>
      connection.query({ text: 'SELECT -1', values: [] }, (error: unknown, result: unknown) =>
        error ? reject(error) : resolve(result)
      )
    )
    assert.deepEqual(answered, { rows: [] })
    assert.deepEqual(
      sent.slice(-2).map((statement) => statement.text),
      ['DEALLOCATE hankki_2', 'SELECT -1']
    )
  })

  test('statements seen before keep their names; control statements stay unnamed', async ({
    assert,
  }) => {
    const { connection, sent } = recordingConnection()
    await connection.query({ text: 'SELECT 1', values: [] })
    await connection.query({ text: 'BEGIN', values: [] })
    await connection.query({ text: 'SELECT 1', values: [] })
    assert.deepEqual(sent, [
      { text: 'SELECT 1', name: 'hankki_1' },
      { text: 'BEGIN', name: undefined },
      { text: 'SELECT 1', name: 'hankki_1' },
    ])
  })
})
