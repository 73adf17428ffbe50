// The optional "Frames" field of the Run model and Evaluate panels: empty or "all" means every
// frame; otherwise FIRST-LAST (0-based, inclusive, as the viewer numbers frames), parsed by the
// same parser the host and the CLI use, with the same message when it is not one.
import { OPTION_MESSAGES, parseFrameRange, type FrameRange } from '../../../shared/schemas'

export const FRAMES_PLACEHOLDER = 'all, or 0-63'

export type FrameRangeField = { ok: true; range: FrameRange | undefined } | { ok: false; message: string }

export function parseFrameRangeField(text: string): FrameRangeField {
  const t = text.trim()
  if (t === '' || t.toLowerCase() === 'all') return { ok: true, range: undefined }
  try {
    return { ok: true, range: parseFrameRange(t) }
  } catch {
    // the parser's own message repeats the input; the field shows the rule
    return { ok: false, message: OPTION_MESSAGES.frames }
  }
}

/** "frames 0–63 (64)" for a summary line; '' for all frames. */
export function describeFrameRange(range: FrameRange | undefined): string {
  if (!range) return ''
  const count = range.last - range.first + 1
  return `frames ${range.first}–${range.last} (${count})`
}
