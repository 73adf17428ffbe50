// CLI output helpers: JSON to stdout, human text to stdout, errors to stderr with exit codes.
import { AppError, toErrorBody } from '../../../shared/errors'

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** A usage mistake (exit 2). */
export function usage(message: string): AppError {
  return new AppError('usage', message)
}

/** Prints a failure the way every command does and returns the exit code (2 usage and bad arguments, 1 otherwise). */
export function reportError(err: unknown, json: boolean): number {
  const body = toErrorBody(err)
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`)
  }
  process.stderr.write(`avsal: error [${body.code}]: ${body.message}\n`)
  const details = body.details ?? []
  const shown = details.length > 25 ? details.slice(0, 20) : details
  for (const line of shown) process.stderr.write(`  - ${line}\n`)
  if (shown.length < details.length) process.stderr.write(`  … ${details.length - shown.length} more (--json lists them all)\n`)
  return body.code === 'usage' || body.code === 'bad-argument' ? 2 : 1
}
