// Command-line option text → request values. Numbers stay NaN when they are not numbers, so the
// request schema (src/shared/schemas.ts) gives the one message for that option.
export function numberOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  return text.trim() === '' ? Number.NaN : Number(text)
}

export function listOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}
