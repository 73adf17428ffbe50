// ffmpeg/ffprobe stderr in a form fit for an error message (media failures are AppErrors with
// codes such as 'undecodable', 'decode-failed', 'ffmpeg-missing').

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
