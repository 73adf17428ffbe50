// Errors of the inference engine. `code` is stable: the CLI and the UI switch on it.
export type InferenceErrorCode =
  | 'bad-argument'
  | 'unsupported-model'
  | 'no-audio'
  | 'shuffle-needs-videos'
  | 'too-few-frames'
  | 'frame-stream'
  | 'bad-frame'
  | 'forward-failed'

export class InferenceError extends Error {
  readonly code: InferenceErrorCode
  readonly details?: string[]
  constructor(code: InferenceErrorCode, message: string, details?: string[]) {
    super(message)
    this.name = 'InferenceError'
    this.code = code
    this.details = details
  }
}
