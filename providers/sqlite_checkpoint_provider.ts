import type { ApplicationService } from '@adonisjs/core/types'
import SqliteCheckpointer from '#database/sqlite_checkpointer'

/*
 * Runs the SQLite file's WAL checkpoints on a worker thread (see
 * database/sqlite_checkpointer.ts) while the HTTP server or the test suite
 * runs on SQLite; nothing is started for PostgreSQL. Ace commands are short
 * batch jobs and leave checkpoints to their connection.
 */
export default class SqliteCheckpointProvider {
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
  }

  async shutdown() {
    await this.#checkpointer?.stop()
  }
}
