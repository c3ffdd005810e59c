/*
 * Loaded into the benchmarked server with `node --import=<this file>`: counts
 * the SQL statements the app sends through its drivers (better-sqlite3
 * prepare+run and transaction functions, pg Client#query) and the HTTP requests in flight (Node's
 * http.server diagnostics channel and ServerResponse#end), and answers { queries, inFlight, requests } to an
 * IPC "hankki-bench:count" message from bench/run.ts. No app code knows about
 * it; the overhead is one increment per statement and per request.
 */
import { createRequire } from 'node:module'
import { subscribe } from 'node:diagnostics_channel'
import http from 'node:http'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const require = createRequire(pathToFileURL(`${process.cwd()}/package.json`))
let queries = 0
let inFlight = 0
let requests = 0
/*
 * A request is in flight from its start until its handler ends the response.
 * Not until 'finish': a response to a client that has gone (autocannon closes
 * its connections when a run ends) never finishes, though its handler runs on.
 */
const ended = Symbol('hankki-bench:ended')
subscribe('http.server.request.start', () => {
  inFlight++
  requests++
})
const end = http.ServerResponse.prototype.end
http.ServerResponse.prototype.end = function (...args) {
  if (!this[ended]) {
    this[ended] = true
    inFlight--
  }
  return end.apply(this, args)
}

try {
  const Database = require('better-sqlite3')
  const prepare = Database.prototype.prepare
  Database.prototype.prepare = function (...args) {
    const statement = prepare.apply(this, args)
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = statement[method]
      statement[method] = function (...params) {
        queries++
        return original.apply(this, params)
      }
    }
    return statement
  }
  /*
   * A transaction function runs its BEGIN and COMMIT (or SAVEPOINT and
   * RELEASE) on statements of its own, not through prepare(): two more.
   */
  const transaction = Database.prototype.transaction
  Database.prototype.transaction = function (work) {
    const run = transaction.call(this, work)
    const counted = function (...args) {
      queries += 2
      return run.apply(this, args)
    }
    for (const variant of ['deferred', 'immediate', 'exclusive']) {
      counted[variant] = function (...args) {
        queries += 2
        return run[variant].apply(this, args)
      }
    }
    return counted
  }
} catch {
  /* driver not installed */
}

try {
  const pg = require('pg')
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (...args) {
    queries++
    return query.apply(this, args)
  }
} catch {
  /* driver not installed */
}

/*
 * A one-off command (bench/run.ts times `node ace prices:import` with it) has
 * no IPC channel to ask: it leaves its count in this file when it exits.
 */
if (process.env.HANKKI_BENCH_QUERY_COUNT_FILE) {
  process.on('exit', () => writeFileSync(process.env.HANKKI_BENCH_QUERY_COUNT_FILE, String(queries)))
}

/* Tagged messages: AdonisJS itself sends a "ready" message over the same channel. */
process.on('message', (message) => {
  if (message?.type === 'hankki-bench:count') {
    process.send?.({ type: 'hankki-bench:count', id: message.id, queries, inFlight, requests })
  }
})
/* The IPC channel must not keep the server alive once it has shut down. */
process.channel?.unref()
