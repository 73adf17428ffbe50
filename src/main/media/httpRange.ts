// HTTP Range header parsing (RFC 9110 §14), pure. Serving lives in serveFile.ts, path
// confinement in safePath.ts, MIME types in contentType.ts; index.ts exports them together.

export interface ByteRange {
  /** first byte, inclusive */
  start: number
  /** last byte, inclusive */
  end: number
}

const DIGITS = /^\d+$/

function parseOffset(text: string): number | null {
  if (!DIGITS.test(text)) return null
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : null
}

/**
 * The byte range to send for a `Range` header and a file of `size` bytes:
 * - null: send the whole file with 200 (no header, another unit, malformed syntax, or several
 *   ranges — RFC 9110 lets a server ignore Range, and media elements only ever ask for one);
 * - 'unsatisfiable': answer 416 with `Content-Range: bytes *\/size`;
 * - { start, end }: answer 206 (end clamped to the last byte).
 * Forms: `bytes=a-b`, `bytes=a-`, `bytes=-n` (the last n bytes).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header)
  if (!match) return null
  const specs = match[1].split(',').map((spec) => spec.trim())
  if (specs.length !== 1) return null
  const dash = specs[0].indexOf('-')
  if (dash < 0) return null
  const firstText = specs[0].slice(0, dash).trim()
  const lastText = specs[0].slice(dash + 1).trim()
  if (firstText === '') {
    // Suffix range: the last n bytes.
    const suffix = parseOffset(lastText)
    if (suffix === null) return null
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const first = parseOffset(firstText)
  if (first === null) return null
  let last = size - 1
  if (lastText !== '') {
    const parsed = parseOffset(lastText)
    if (parsed === null || parsed < first) return null
    last = Math.min(parsed, size - 1)
  }
  if (first >= size) return 'unsatisfiable'
  return { start: first, end: last }
}
