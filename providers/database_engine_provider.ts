import type { ApplicationService } from '@adonisjs/core/types'
import SqliteCheckpointer from '#database/engine/sqlite_checkpointer'
import EngineReads from '#database/engine/engine_reads'

/*
 * The database engine's lifecycle (database/engine/README.md). While the
 * HTTP server or the test suite runs on a SQLite file, the file's WAL
 * checkpoints run on a worker thread. At shutdown the engine's own
 * connections (opened on first read) are closed. Ace commands are short
 * batch jobs: they leave checkpoints to their connection.
 */
export default class DatabaseEngineProvider {
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
    await EngineReads.close()
    await this.#checkpointer?.stop()
  }
}
