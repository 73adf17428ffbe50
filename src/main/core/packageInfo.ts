// The app's package.json (version, for AppInfo and run records), found by walking up from here:
// src/main/app in tests, out/main (or out/main/chunks) when built.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface PackageInfo {
  root: string
  version: string
}

let cached: PackageInfo | null = null

export function packageInfo(): PackageInfo {
  if (cached) return cached
  const starts = [typeof __dirname === 'string' ? __dirname : process.cwd(), process.cwd()]
  for (const start of starts) {
    let dir = start
    for (let i = 0; i < 6; i++) {
      const candidate = join(dir, 'package.json')
      if (existsSync(candidate)) {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string }
        if (pkg.name === 'avsal-workstation') {
          cached = { root: dir, version: pkg.version ?? '0.0.0' }
          return cached
        }
      }
      dir = dirname(dir)
    }
  }
  cached = { root: process.cwd(), version: '0.0.0' }
  return cached
}
