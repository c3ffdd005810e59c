import type { ApplicationService } from '@adonisjs/core/types'
import SqliteCheckpointer from '#database/sqlite_checkpointer'
import SqliteReader from '#database/sqlite_reader'

/*
 * While the HTTP server or the test suite runs on SQLite: the file's WAL
 * checkpoints run on a worker thread (database/sqlite_checkpointer.ts), and
 * the compiled reads use a read connection of their own
 * (database/sqlite_reader.ts). Nothing is started for PostgreSQL. Ace
 * commands are short batch jobs: they leave checkpoints to their connection
 * and read through the pool.
 */
export default class SqliteProvider {
  #checkpointer?: SqliteCheckpointer

  constructor(protected app: ApplicationService) {}

  async ready() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) {
      return
    }
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const config = db.getRawConnection(db.primaryConnectionName)?.config
    const filename = (config?.connection as { filename?: string } | undefined)?.filename
    if (config?.client !== 'better-sqlite3' || !filename || filename === ':memory:') {
      return
    }
    const logger = await this.app.container.make('logger')
    this.#checkpointer = SqliteCheckpointer.start(filename, (error) =>
      logger.error(
        { err: error },
        'SQLite checkpoint worker failed; the connection checkpoints on its own'
      )
    )
    this.app.container.bindValue(SqliteCheckpointer, this.#checkpointer)
    SqliteReader.enable(filename)
  }

  async shutdown() {
    SqliteReader.close()
    await this.#checkpointer?.stop()
  }
}
