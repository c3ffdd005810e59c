import { Worker } from 'node:worker_threads'

/*
 * WAL checkpoints of the SQLite file, run on a worker thread.
 *
 * In WAL mode every commit appends its pages to the -wal file, and by default
 * the committing connection copies them back into the database file once the
 * log holds 1,000 pages ("auto-checkpoint"). better-sqlite3 is synchronous,
 * so that copy and its fsyncs would run on the event loop of whichever
 * request happened to commit, and every request queued behind it would wait.
 *
 * Here a connection on a worker thread (checkpoint_worker.ts) runs a PASSIVE
 * checkpoint every CHECKPOINT_INTERVAL_MS: it copies what is committed
 * without waiting for or blocking the app's readers and writer. The app's
 * own connections keep auto-checkpoint, raised to WAL_BACKSTOP_PAGES
 * (config/database.ts), in case this worker is not running (ace commands)
 * or falls behind.
 */

export const CHECKPOINT_INTERVAL_MS = 100
/* 40 MB of log: several times what the heaviest benchmark writes between two checkpoints. */
export const WAL_BACKSTOP_PAGES = 10_000

/* What `PRAGMA wal_checkpoint` answers. */
export interface CheckpointResult {
  /** 1 when the checkpoint could not run to completion (readers or a writer in the way). */
  busy: number
  /** Pages in the log (-1 when the file is not in WAL mode). */
  log: number
  /** Pages of the log copied into the database file. */
  checkpointed: number
}

/*
 * The worker's file beside this one: checkpoint_worker.ts when the app runs
 * from its sources (Node strips its types), checkpoint_worker.js in build/.
 */
const WORKER_FILE = new URL(
  `./checkpoint_worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url
)

export default class SqliteCheckpointer {
  readonly #worker: Worker
  readonly #exited: Promise<void>
  #requests = 0

  constructor(worker: Worker) {
    this.#worker = worker
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()))
  }

  /** Starts checkpointing `filename` in the background; the thread never keeps the process alive. */
  static start(filename: string, onError: (error: Error) => void) {
    const worker = new Worker(WORKER_FILE, {
      workerData: { filename, intervalMs: CHECKPOINT_INTERVAL_MS },
    })
    worker.on('error', onError)
    worker.unref()
    return new SqliteCheckpointer(worker)
  }

  /** Runs a checkpoint now and answers its result (null before the file exists). */
  checkpointNow(): Promise<CheckpointResult | null> {
    const id = ++this.#requests
    return new Promise((resolve, reject) => {
      const onMessage = (message: { id: number; result: CheckpointResult | null }) => {
        if (message.id === id) {
          this.#worker.off('message', onMessage)
          this.#worker.off('exit', onExit)
          resolve(message.result)
        }
      }
      const onExit = () => reject(new Error('the SQLite checkpoint worker has stopped'))
      this.#worker.on('message', onMessage)
      this.#worker.once('exit', onExit)
      this.#worker.postMessage({ type: 'checkpoint', id })
    })
  }

  /** A last checkpoint, then the worker closes its connection and ends. */
  async stop() {
    this.#worker.postMessage({ type: 'stop' })
    await this.#exited
  }
}
