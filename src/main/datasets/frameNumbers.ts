// Per-frame files are matched by the number in their names, never by extension or position:
// 'Diving-Side_001_011.jpg' is frame 11 even when its neighbours are PNGs.

export interface NumberedFile {
  name: string
  number: number
}

export interface NumberedFiles {
  /** sorted by frame number */
  files: NumberedFile[]
  /** files whose number repeats an earlier one (the first, in name order, is kept) */
  duplicates: string[]
  /** files with no digits in their name */
  unnumbered: string[]
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57

/** The last run of digits in the file name (extension excluded), or null. */
export function parseFrameNumber(fileName: string): number | null {
  const dot = fileName.lastIndexOf('.')
  let end = dot > 0 ? dot : fileName.length
  // scanned by hand: this runs for every file of every video
  while (end > 0 && !isDigit(fileName.charCodeAt(end - 1))) end--
  if (end === 0) return null
  let start = end
  while (start > 0 && isDigit(fileName.charCodeAt(start - 1))) start--
  return Number(fileName.slice(start, end))
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b)
}

/** Numbers and sorts file names; when no name carries a number, natural name order numbers them 1…n. */
export function numberFiles(names: readonly string[]): NumberedFiles {
  const parsed = names.map((name) => ({ name, number: parseFrameNumber(name) }))
  if (parsed.length > 0 && parsed.every((p) => p.number === null)) {
    const sortedNames = [...names].sort(naturalCompare)
    return { files: sortedNames.map((name, i) => ({ name, number: i + 1 })), duplicates: [], unnumbered: [] }
  }
  // by number, then by name; plain comparisons, as the collator is slow for 100k names
  parsed.sort((a, b) => (a.number ?? -1) - (b.number ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const byNumber = new Map<number, string>()
  const duplicates: string[] = []
  const unnumbered: string[] = []
  for (const { name, number } of parsed) {
    if (number === null) unnumbered.push(name)
    else if (byNumber.has(number)) duplicates.push(name)
    else byNumber.set(number, name)
  }
  const files = [...byNumber].map(([number, name]) => ({ name, number }))
  return { files, duplicates, unnumbered }
}

/** Numbers missing between the first and the last of a sorted list. */
export function findGaps(sortedNumbers: readonly number[]): number[] {
  const gaps: number[] = []
  for (let i = 1; i < sortedNumbers.length; i++) {
    for (let n = sortedNumbers[i - 1] + 1; n < sortedNumbers[i]; n++) gaps.push(n)
  }
  return gaps
}

/** "12–14, 40" for [12, 13, 14, 40]; long lists end with "… (N runs more)". */
export function compactRanges(numbers: readonly number[], maxRuns = 12): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const runs: string[] = []
  let start = 0
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i] !== sorted[i - 1] + 1) {
      const first = sorted[start]
      const last = sorted[i - 1]
      runs.push(first === last ? `${first}` : `${first}–${last}`)
      start = i
    }
  }
  if (runs.length <= maxRuns) return runs.join(', ')
  return `${runs.slice(0, maxRuns).join(', ')} … (${runs.length - maxRuns} runs more)`
}

export interface Alignment {
  /** one entry per frame: the matching file name or null */
  files: (string | null)[]
  /** frame numbers with no file */
  missing: number[]
  /** file numbers that match no frame */
  extra: number[]
  /** added to a frame number to find its file (0 unless the numbering is shifted) */
  offset: number
}

/**
 * Matches per-frame files (maps, fixations) to frames by number. When no number matches at
 * all but both lists exist (maps counted from 0, frames from 1), the first file is matched to
 * the first frame and the shift applies to all.
 */
export function alignByNumber(frameNumbers: readonly number[], candidates: readonly NumberedFile[]): Alignment {
  const byNumber = new Map(candidates.map((f) => [f.number, f.name]))
  let offset = 0
  if (frameNumbers.length > 0 && candidates.length > 0 && !frameNumbers.some((n) => byNumber.has(n))) {
    offset = candidates[0].number - frameNumbers[0]
  }
  const used = new Set<number>()
  const missing: number[] = []
  const files = frameNumbers.map((n) => {
    const name = byNumber.get(n + offset)
    if (name === undefined) {
      missing.push(n)
      return null
    }
    used.add(n + offset)
    return name
  })
  const extra = candidates.filter((f) => !used.has(f.number)).map((f) => f.number)
  return { files, missing, extra, offset }
}
