// Confines file access to registered roots (dataset folders, the app cache). A request path is
// refused when it is absolute, holds `..`, a NUL byte or a percent-encoded dot/slash/NUL, or when
// its real path (symlinks followed) lands outside every root. Missing files are refused as well,
// so a caller cannot probe what exists outside; callers answer null with 403.
import { realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path'

/** Encoded '.', '/', '\\' and NUL have no business in an already-decoded path. */
const ENCODED_SPECIALS = /%(2e|2f|5c|00)/i

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}

function isStrictlyInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/** The real path of an absolute `path` when it is an existing file inside one of `roots`. */
export function realPathInside(roots: readonly string[], path: string): string | null {
  if (path.includes('\0')) return null
  const real = realOrNull(path)
  if (real === null) return null
  try {
    if (!statSync(real).isFile()) return null
  } catch {
    return null
  }
  for (const root of roots) {
    const realRoot = realOrNull(root)
    if (realRoot !== null && isStrictlyInside(realRoot, real)) return real
  }
  return null
}

/** Resolves a root-relative request path (already URL-decoded once) to a real file path, or null. */
export function resolveInside(roots: readonly string[], requested: string): string | null {
  if (requested === '' || requested.includes('\0') || ENCODED_SPECIALS.test(requested)) return null
  if (isAbsolute(requested) || win32.isAbsolute(requested)) return null
  const segments = requested.split(/[\\/]+/)
  if (segments.some((segment) => segment === '..')) return null
  for (const root of roots) {
    const lexical = resolve(root, requested)
    // Lexical check first (cheap), then the real-path check catches symlinks pointing out.
    if (!isStrictlyInside(resolve(root), lexical)) continue
    const real = realPathInside([root], lexical)
    if (real !== null) return real
  }
  return null
}
