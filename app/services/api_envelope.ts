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
