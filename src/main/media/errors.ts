// Errors raised by the media layer. `code` is stable (the UI and the CLI switch on it);
// `details` carries the tool's own words (ffprobe/ffmpeg stderr lines) for the log.

export type MediaErrorCode =
  | 'ffmpeg-missing'
  | 'not-found'
  | 'undecodable'
  | 'no-audio'
  | 'decode-failed'
  | 'frame-out-of-range'
  | 'timeout'
  | 'cancelled'
  | 'bad-argument'

export class MediaError extends Error {
  readonly code: MediaErrorCode
  readonly details?: string[]
  constructor(code: MediaErrorCode, message: string, details?: string[]) {
    super(message)
    this.name = 'MediaError'
    this.code = code
    this.details = details
  }
}

/** The last few meaningful stderr lines of an ffmpeg tool, joined for a one-line message. */
export function summariseStderr(stderr: string, maxLines = 4, maxChars = 400): string {
  const lines = stderrLines(stderr).slice(-maxLines)
  const text = lines.join(' | ')
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text
}

export function stderrLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}
