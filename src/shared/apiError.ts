// The one error type that crosses every host boundary: code + message + optional details.
// Main throws it, the hosts serialise it as ApiErrorBody, the renderer rebuilds it.
import type { ApiErrorBody } from './api'

export class ApiError extends Error {
  readonly code: string
  readonly details?: string[]
  constructor(code: string, message: string, details?: string[]) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, details: this.details }
  }
}
