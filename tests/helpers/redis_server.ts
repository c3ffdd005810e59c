import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

let instances = 0

/*
 * A throwaway redis-server for outage tests. It listens on a unix socket of
 * its own and on no TCP port: a stopped test server's TCP port (even in the
 * 6390–6399 range reserved for such servers) can be taken by another test run
 * meanwhile, and the client would silently reconnect to that one. The shared
 * Redis is never touched. No persistence: a restart loses its keys.
 */
export class DisposableRedis {
  #process?: ChildProcess
  readonly socket: string

  constructor() {
    instances += 1
    this.socket = path.join(os.tmpdir(), `hankki-test-redis-${process.pid}-${instances}.sock`)
  }

  static async create() {
    const server = new DisposableRedis()
    await server.start()
    return server
  }

  /* ioredis / @adonisjs/redis connection options for this server. */
  get connectionOptions() {
    return { path: this.socket }
  }

  async start() {
    rmSync(this.socket, { force: true })
    const child = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--unixsocket',
        this.socket,
        '--unixsocketperm',
        '700',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' }
    )
    this.#process = child
    for (let attempt = 0; attempt < 50 && child.exitCode === null; attempt++) {
      if (existsSync(this.socket) && (await answers(this.socket))) {
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await this.stop()
    throw new Error(`redis-server did not start on ${this.socket}`)
  }

  async stop() {
    const child = this.#process
    this.#process = undefined
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
    rmSync(this.socket, { force: true })
  }
}

function answers(socketPath: string) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(socketPath)
    socket.setTimeout(500)
    socket.on('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
    socket.on('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}
