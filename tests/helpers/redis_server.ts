import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'

/*
 * A throwaway redis-server for outage tests, on a free port in 6390–6399, so
 * the shared Redis is never stopped. No persistence: a restart loses its keys.
 */
export class DisposableRedis {
  #process?: ChildProcess

  constructor(readonly port: number) {}

  static async create() {
    for (let port = 6390; port <= 6399; port++) {
      if (!(await isListening(port))) {
        const server = new DisposableRedis(port)
        await server.start()
        return server
      }
    }
    throw new Error('no free port in 6390-6399 for a test redis-server')
  }

  async start() {
    this.#process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' }
    )
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await isListening(this.port)) {
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`redis-server did not start on ${this.port}`)
  }

  async stop() {
    const child = this.#process
    this.#process = undefined
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}

function isListening(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
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
