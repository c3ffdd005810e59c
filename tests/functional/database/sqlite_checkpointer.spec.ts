import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import SqliteCheckpointer, { WAL_BACKSTOP_PAGES } from '#database/engine/sqlite_checkpointer'
import { withRealCommits } from '#tests/helpers/database'
import { catalogue, makeMember, makeRecipe } from '#tests/helpers/recipes'

const isSqlite = () => db.connection().dialect.name !== 'postgres'

test.group('SQLite checkpoints on a worker thread', (group) => {
  group.each.setup(withRealCommits)

  test('committed pages are copied into the database file by the worker', async ({ assert }) => {
    if (!isSqlite()) {
      /* PostgreSQL has no WAL file of the app's to checkpoint: nothing is started. */
      return assert.isFalse(app.container.hasBinding(SqliteCheckpointer))
    }
    const checkpointer = await app.container.make(SqliteCheckpointer)
    await catalogue()
    const author = await makeMember()
    await makeRecipe(author, { title: '김치찌개' })

    const result = await checkpointer.checkpointNow()
    assert.isNotNull(result)
    /* In WAL mode (log ≥ 0), holding at least the recipe's pages, all of them copied. */
    assert.isAbove(result!.log, 0)
    assert.equal(result!.busy, 0)
    assert.equal(result!.checkpointed, result!.log)
    /* The checkpointed recipe is what the app reads. */
    const [row] = await db.from('posts').where('member_id', author.id).select('title')
    assert.equal(row.title, '김치찌개')
  })

  test("the app's connections checkpoint on their own only past the backstop", async ({
    assert,
  }) => {
    if (!isSqlite()) {
      return assert.isFalse(app.container.hasBinding(SqliteCheckpointer))
    }
    const [row] = await db.rawQuery('PRAGMA wal_autocheckpoint')
    assert.deepEqual(row, { wal_autocheckpoint: WAL_BACKSTOP_PAGES })
    const [mode] = await db.rawQuery('PRAGMA journal_mode')
    assert.deepEqual(mode, { journal_mode: 'wal' })
  })
})
