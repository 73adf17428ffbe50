// Errors raised by the TensorFlow.js executor; `code` tells callers what went wrong.
export type TfjsExecutorErrorCode = 'bad-input' | 'bad-option' | 'backend-unavailable' | 'weights-mismatch' | 'unsupported'

export class TfjsExecutorError extends Error {
  readonly code: TfjsExecutorErrorCode
  constructor(code: TfjsExecutorErrorCode, message: string) {
    super(message)
    this.name = 'TfjsExecutorError'
    this.code = code
  }
}
