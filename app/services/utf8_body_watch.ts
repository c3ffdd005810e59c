import type { IncomingMessage } from 'node:http'
import { createBrotliDecompress, createUnzip, type Unzip, type BrotliDecompress } from 'node:zlib'

/*
 * Checks that a request body is valid UTF-8 while the body parser reads it
 * (contract §1: such a body is 400). The body parser decodes with invalid
 * bytes turned into U+FFFD, so the check has to see the bytes themselves.
 *
 * It observes the request stream without consuming it: nothing is attached
 * until the body parser attaches its own 'data' listener ('newListener' is
 * emitted just before), so the stream starts flowing exactly when it would
 * have anyway and both listeners get every chunk, in order, ours first. For
 * a Content-Encoding body the decoded bytes are what count, so the observed
 * chunks also feed a decompressor of our own (the parser's is not reachable).
 */
export class Utf8BodyWatch {
  readonly #request: IncomingMessage
  readonly #decoder = new TextDecoder('utf-8', { fatal: true })
  /* Decoded bytes checked so far; past the parser's limit it answers 413 anyway. */
  readonly #limit: number
  #checked = 0
  #valid = true
  #attached = false
  #done = false
  #settle?: () => void
  #inflater?: Unzip | BrotliDecompress

  /* A watch on `request`, or null when its Content-Encoding is unknown (the parser's 415). */
  static arm(request: IncomingMessage, limit: number): Utf8BodyWatch | null {
    const encoding = request.headers['content-encoding'] ?? 'identity'
    if (!['identity', 'gzip', 'deflate', 'br'].includes(encoding)) {
      return null
    }
    return new Utf8BodyWatch(request, encoding, limit)
  }

  private constructor(request: IncomingMessage, encoding: string, limit: number) {
    this.#request = request
    this.#limit = limit
    if (encoding !== 'identity') {
      /* The same decompressors as the body parser's (inflation): gzip and deflate by header. */
      const inflater = encoding === 'br' ? createBrotliDecompress() : createUnzip()
      inflater.on('data', this.#check)
      inflater.on('end', this.#finish)
      /* A body that does not decompress is the parser's 400: nothing to say here. */
      inflater.on('error', this.#stopChecking)
      inflater.on('close', this.#stopChecking)
      this.#inflater = inflater
    }
    request.on('newListener', this.#attach)
  }

  /*
   * Whether the bytes read were valid UTF-8, once the body is read. Called
   * after the body parser has read the whole body: the identity check is then
   * complete, a decompressor of our own may still be draining.
   */
  valid(): boolean | Promise<boolean> {
    if (!this.#attached) {
      /* Nobody read the body. */
      return true
    }
    if (this.#done || !this.#inflater) {
      return this.#valid
    }
    return new Promise((resolve) => {
      this.#settle = () => resolve(this.#valid)
    })
  }

  /* Detaches everything; idempotent. */
  stop() {
    const request = this.#request
    request.off('newListener', this.#attach)
    request.off('data', this.#observe)
    request.off('end', this.#endOfRequest)
    this.#inflater?.destroy()
    this.#done = true
  }

  #attach = (event: string | symbol) => {
    if (event !== 'data') {
      return
    }
    const request = this.#request
    request.off('newListener', this.#attach)
    this.#attached = true
    request.on('data', this.#observe)
    request.on('end', this.#endOfRequest)
  }

  #observe = (chunk: Buffer) => {
    if (this.#done) {
      return
    }
    if (this.#inflater) {
      this.#inflater.write(chunk)
    } else {
      this.#check(chunk)
    }
  }

  #endOfRequest = () => {
    if (this.#done) {
      return
    }
    if (this.#inflater) {
      this.#inflater.end()
    } else {
      this.#finish()
    }
  }

  #check = (bytes: Buffer) => {
    if (this.#done) {
      return
    }
    this.#checked += bytes.length
    if (this.#checked > this.#limit) {
      this.#stopChecking()
      return
    }
    try {
      this.#decoder.decode(bytes, { stream: true })
    } catch {
      /* The verdict is in; the parser still reads the rest of the body. */
      this.#valid = false
      this.#stopChecking()
    }
  }

  #finish = () => {
    if (!this.#done) {
      try {
        /* A sequence cut off at the end of the body. */
        this.#decoder.decode()
      } catch {
        this.#valid = false
      }
    }
    this.#settled()
  }

  /*
   * Nothing more to check: the verdict is in, or there is none to give (a
   * body that does not decompress or is too large is the parser's 400 or 413).
   */
  #stopChecking = () => {
    this.#inflater?.destroy()
    this.#settled()
  }

  #settled() {
    this.#done = true
    this.#settle?.()
    this.#settle = undefined
  }
}
