import net, { type Socket } from 'node:net'

interface Link {
  client: Socket
  upstream: Socket | null
  /* What either side sent while the proxy was black-holed, delivered on restore. */
  held: Buffer[]
  heldAnswers: Buffer[]
}

/*
 * A TCP proxy in front of a real server (PostgreSQL, Redis) for outage tests.
 * `blackhole()` makes it behave like a silent network partition: connections
 * are still accepted, but nothing is forwarded either way and nothing is
 * answered. `restore()` heals the partition: what was held is delivered, as
 * TCP would retransmit it. `dropConnections()` cuts every open connection (a
 * dependency lost in the middle of a request).
 */
export class TcpProxy {
  #server: net.Server
  #links = new Set<Link>()
  #blackholed = false
  port = 0

  private constructor(
    private targetPort: number,
    private targetHost: string
  ) {
    this.#server = net.createServer((client) => this.#accept(client))
  }

  static async start(targetPort: number, targetHost = '127.0.0.1') {
    const proxy = new TcpProxy(targetPort, targetHost)
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject)
      proxy.#server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = proxy.#server.address()
    proxy.port = typeof address === 'object' && address ? address.port : 0
    return proxy
  }

  blackhole() {
    this.#blackholed = true
  }

  restore() {
    this.#blackholed = false
    for (const link of this.#links) {
      if (!link.upstream) {
        this.#connectUpstream(link)
      } else {
        this.#flush(link)
      }
    }
  }

  dropConnections() {
    for (const link of this.#links) {
      link.client.destroy()
      link.upstream?.destroy()
    }
    this.#links.clear()
  }

  async close() {
    this.dropConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(client: Socket) {
    const link: Link = { client, upstream: null, held: [], heldAnswers: [] }
    this.#links.add(link)
    client.on('data', (chunk) => {
      if (this.#blackholed || !link.upstream) {
        link.held.push(chunk)
      } else {
        link.upstream.write(chunk)
      }
    })
    const end = () => {
      this.#links.delete(link)
      client.destroy()
      link.upstream?.destroy()
    }
    client.on('close', end)
    client.on('error', end)
    if (!this.#blackholed) {
      this.#connectUpstream(link)
    }
  }

  #connectUpstream(link: Link) {
    const upstream = net.connect(this.targetPort, this.targetHost)
    link.upstream = upstream
    upstream.on('connect', () => this.#flush(link))
    upstream.on('data', (chunk) => {
      if (this.#blackholed) {
        link.heldAnswers.push(chunk)
      } else {
        link.client.write(chunk)
      }
    })
    const end = () => {
      this.#links.delete(link)
      link.client.destroy()
      upstream.destroy()
    }
    upstream.on('close', end)
    upstream.on('error', end)
  }

  #flush(link: Link) {
    if (this.#blackholed || !link.upstream || link.upstream.connecting) {
      return
    }
    for (const chunk of link.held.splice(0)) {
      link.upstream.write(chunk)
    }
    for (const chunk of link.heldAnswers.splice(0)) {
      link.client.write(chunk)
    }
  }
}
