/*
 * The checkpoint thread of SqliteCheckpointer (sqlite_checkpointer.ts): a
 * connection of its own that runs a PASSIVE checkpoint every `intervalMs`
 * and on request. Plain TypeScript without imports of the app, so Node runs
 * it as it is (type stripping) from the sources and, compiled, from build/.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createRequire } from 'node:module'

interface Database {
  pragma(source: string): unknown[]
  close(): void
}
type DatabaseClass = new (filename: string, options: { fileMustExist: boolean }) => Database

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as DatabaseClass
const { filename, intervalMs } = workerData as { filename: string; intervalMs: number }
let db: Database | null = null

function checkpoint() {
  if (!db) {
    try {
      db = new Sqlite(filename, { fileMustExist: true })
    } catch {
      /* Not created yet: the app creates it on its first connection. */
      return null
    }
  }
  return db.pragma('wal_checkpoint(PASSIVE)')[0]
}

const timer = setInterval(checkpoint, intervalMs)
parentPort!.on('message', (message: { type: string; id?: number }) => {
  if (message.type === 'checkpoint') {
    parentPort!.postMessage({ id: message.id, result: checkpoint() })
  } else if (message.type === 'stop') {
    clearInterval(timer)
    checkpoint()
    db?.close()
    parentPort!.close()
  }
})
