import type { HttpContext } from '@adonisjs/core/http'

/*
 * The contract's response envelope: every JSON body carries `result` and a
 * Korean `message`. Controllers build success bodies here; failures are built
 * by the exception handler only.
 */
export type Envelope<T extends object = {}> = { result: 'success' | 'failed'; message: string } & T

export function success<T extends object = {}>(message: string, data?: T): Envelope<T> {
  return { result: 'success', message, ...(data as T) }
}

export function failure<T extends object = {}>(message: string, data?: T): Envelope<T> {
  return { result: 'failed', message, ...(data as T) }
}

/* Success bodies already serialized, by the kept answer they were made from (see keptSuccessBody). */
const keptBodies = new WeakMap<object, { message: string; body: Buffer }>()

/**
 * The success body of an answer that many requests share unchanged (a kept,
 * read-only answer such as a plan's), as UTF-8 JSON bytes made once per
 * `answer` object: repeated reads skip serializing and encoding it. `data` is
 * what the body carries besides the envelope (by default `answer` itself).
 */
export function keptSuccessBody(message: string, answer: object, data: object = answer): Buffer {
  const kept = keptBodies.get(answer)
  if (kept?.message === message) {
    return kept.body
  }
  const body = Buffer.from(JSON.stringify(success(message, data)))
  keptBodies.set(answer, { message, body })
  return body
}

/** Sends a body from keptSuccessBody with the Content-Type every JSON answer has. */
export function sendJsonBody(response: HttpContext['response'], body: Buffer) {
  response.header('Content-Type', 'application/json; charset=utf-8')
  response.send(body)
}
