import { Exception } from '@adonisjs/core/exceptions'

/*
 * A failure with a status and one of the contract's messages, thrown from
 * services and policies; the exception handler renders it in the envelope.
 */
export default class ApiException extends Exception {
  constructor(status: number, message: string) {
    super(message, { status, code: 'E_API' })
  }

  static badRequest(message: string) {
    return new ApiException(400, message)
  }

  static unauthorized(message: string) {
    return new ApiException(401, message)
  }

  static forbidden(message: string) {
    return new ApiException(403, message)
  }

  static notFound(message: string) {
    return new ApiException(404, message)
  }

  static conflict(message: string) {
    return new ApiException(409, message)
  }

  static serviceUnavailable(message: string) {
    return new ApiException(503, message)
  }
}
