// The app's package.json (version, for AppInfo and run records), found by walking up from here:
// src/main/app in tests, out/main (or out/main/chunks) when built.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

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

export type EntryName = 'job' | 'evalWorker' | 'cli'

/** A built entry of the main bundle (out/main/<name>.js): the job process, the scoring worker. */
export function bundledEntry(name: EntryName): string {
  return join(packageInfo().root, 'out', 'main', `${name}.js`)
}

const SOURCE_ENTRIES: Record<EntryName, string> = {
  job: 'src/main/jobs/jobProcess.ts',
  evalWorker: 'src/main/engine/evaluation/evalWorker.ts',
  cli: 'src/main/hosts/cli/main.ts'
}

/**
 * Where a process or worker entry starts: the built bundle, or with AVSAL_RUN_FROM_SOURCE=1 (the
 * unit tests, development) the TypeScript source through tsx, so tests exercise the sources as
 * they are and never a stale bundle.
 */
export function entryPoint(name: EntryName, env: NodeJS.ProcessEnv = process.env): { path: string; execArgv: string[] } {
  if (env.AVSAL_RUN_FROM_SOURCE !== '1') return { path: bundledEntry(name), execArgv: [] }
  const root = packageInfo().root
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href
  return { path: join(root, SOURCE_ENTRIES[name]), execArgv: ['--import', tsx] }
}
