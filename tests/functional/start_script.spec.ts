import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { rm } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import pg from 'pg'
import { freePort, serverProcessEnv, watchChild } from '#tests/helpers/server_process'

/*
 * scripts/start.sh as a developer or a process manager runs it: `kill <pid>`
 * (SIGTERM) must stop the server it started, with no orphan left listening.
 * On the PostgreSQL run it also starts against a database that does not exist
 * yet, which the script must create.
 */

interface Started {
  pid: number
  port: number
  exited: Promise<number | null>
  output(): string
}

function refuses(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

async function startScript(args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort()
  const child = spawn('bash', ['scripts/start.sh', ...args], {
    cwd: app.makePath(),
    /* A clean environment: nothing from this test process (its database, its Redis) leaks in. */
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/tmp',
      ...serverProcessEnv(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { output, exited } = watchChild(child)
  let ended = false
  void exited.then(() => (ended = true))
  const deadline = Date.now() + 45_000
  while (Date.now() < deadline && !ended) {
    const live = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null)
    if (live?.ok) {
      return { pid: child.pid!, port, exited: exited.then(({ code }) => code), output }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`scripts/start.sh did not serve on port ${port}:\n${output()}`)
}

/* Sends SIGTERM to the script's pid; resolves with its exit code and how long it took. */
async function terminate(started: Started) {
  const sent = Date.now()
  process.kill(started.pid, 'SIGTERM')
  const timer = setTimeout(() => process.kill(started.pid, 'SIGKILL'), 10_000)
  const code = await started.exited
  clearTimeout(timer)
  return { code, ms: Date.now() - sent }
}

/* Nothing listens on the port any more (an orphaned server child would). */
async function assertNothingListens(port: number, assert: any) {
  const deadline = Date.now() + 3000
  while (!(await refuses(port)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.isTrue(await refuses(port), `something still listens on ${port}`)
}

/* The token store does not matter here: run once per database, not once per store. */
const redisRun = process.env.TOKEN_STORE === 'redis'

test.group('scripts/start.sh', () => {
  test('SIGTERM stops the server it started', async ({ assert, cleanup }) => {
    let env: Record<string, string>
    if (db.connection().dialect.name === 'postgres') {
      /* A database of this run's own that does not exist yet: the script creates it. */
      const name = `${process.env.PG_DB_NAME ?? 'hankki_test'}_start`
      /*
       * On a connection of its own, without the app's statement timeout:
       * dropping a database waits for a checkpoint, which a busy machine can
       * take longer than that timeout to finish.
       */
      const dropIt = async () => {
        const client = new pg.Client({
          host: process.env.PG_HOST ?? '127.0.0.1',
          port: Number(process.env.PG_PORT ?? 5432),
          user: process.env.PG_USER ?? 'postgres',
          password: process.env.PG_PASSWORD ?? '',
          database: 'postgres',
        })
        await client.connect()
        try {
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        } finally {
          await client.end()
        }
      }
      await dropIt()
      cleanup(dropIt)
      env = {
        DB_CONNECTION: 'pg',
        PG_HOST: process.env.PG_HOST ?? '127.0.0.1',
        PG_PORT: process.env.PG_PORT ?? '5432',
        PG_USER: process.env.PG_USER ?? 'postgres',
        PG_PASSWORD: process.env.PG_PASSWORD ?? '',
        PG_DB_NAME: name,
      }
    } else {
      const file = `tmp/start-script-${process.pid}.sqlite3`
      cleanup(async () => {
        for (const suffix of ['', '-wal', '-shm']) {
          await rm(app.makePath(file + suffix), { force: true })
        }
      })
      env = { DB_CONNECTION: 'sqlite', SQLITE_FILE: file }
    }

    const started = await startScript([], env)
    const ingredients = await fetch(`http://127.0.0.1:${started.port}/posts/forms/ingredients`)
    assert.equal(ingredients.status, 200, started.output())
    const { code, ms } = await terminate(started)

    assert.equal(code, 0, started.output())
    assert.isBelow(ms, 5000)
    await assertNothingListens(started.port, assert)
  })
    .timeout(60_000)
    .skip(redisRun, 'covered by the database token store run')

  test('with --hmr, SIGTERM stops `ace serve` and its server', async ({ assert, cleanup }) => {
    const file = `tmp/start-script-hmr-${process.pid}.sqlite3`
    cleanup(async () => {
      for (const suffix of ['', '-wal', '-shm']) {
        await rm(app.makePath(file + suffix), { force: true })
      }
    })

    const started = await startScript(['--hmr'], { DB_CONNECTION: 'sqlite', SQLITE_FILE: file })
    /* Past the dev server's start-up messages to its parent. */
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const { code, ms } = await terminate(started)

    assert.equal(code, 0, started.output())
    assert.isBelow(ms, 5000)
    await assertNothingListens(started.port, assert)
  })
    .timeout(60_000)
    .skip(
      redisRun || db.connection().dialect.name === 'postgres',
      'the dev server does not depend on the database: the SQLite run covers it'
    )
})
