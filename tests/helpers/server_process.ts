import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import app from '@adonisjs/core/services/app'

/*
 * Runs the real HTTP entrypoint (bin/server.ts, the source of bin/server.js)
 * in a child process, for what the in-process test server cannot show:
 * signals, exit codes, boot against unreachable dependencies.
 */

export interface ServerProcess {
  child: ChildProcess
  port: number
  url: string
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Waits for the exit without signalling; SIGKILLs after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Sends `signal` and waits for the exit; SIGKILLs after `timeoutMs`. */
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** A port that refuses connections (bound to nothing), for "dependency down" tests. */
export const CLOSED_PORT = '1'

/** What a test's server process needs on `port`: production mode, a test-only key, no Redis limiter. */
export function serverProcessEnv(port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    APP_KEY: 'test-only-app-key-0123456789abcdefghijklmnop',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    LIMITER_STORE: 'memory',
  }
}

/** Collects a child's stdout and stderr (never shown unless a test prints them), and its exit. */
export function watchChild(child: ChildProcess) {
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  return { output: () => output, exited }
}

export async function startServerProcess(
  env: Record<string, string> = {},
  { readyTimeoutMs = 20_000 } = {}
): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: app.makePath(),
    env: { ...process.env, ...serverProcessEnv(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { output, exited } = watchChild(child)

  const url = `http://127.0.0.1:${port}`
  const server: ServerProcess = {
    child,
    port,
    url,
    output,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal)
      }
      return server.waitForExit(timeoutMs)
    },
    async waitForExit(timeoutMs = 15_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      const result = await exited
      clearTimeout(timer)
      return result
    },
  }

  const deadline = Date.now() + readyTimeoutMs
  let processEnded = false
  void exited.then(() => (processEnded = true))
  while (Date.now() < deadline && !processEnded) {
    try {
      const response = await fetch(`${url}/health/live`)
      if (response.ok) {
        return server
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await server.stop('SIGKILL')
  throw new Error(`server did not start on port ${port}:\n${output()}`)
}
