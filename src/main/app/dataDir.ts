// Where the experiment log and the frame cache live. One folder, chosen once per process:
// --data-dir / AVSAL_DATA_DIR, else the XDG data home (the Electron host passes userData).
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export interface DataPaths {
  dataDir: string
  dbPath: string
  cacheDir: string
  /** audio-swap studies' reports, figures and heard audio */
  studiesDir: string
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AVSAL_DATA_DIR) return resolve(env.AVSAL_DATA_DIR)
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(xdg, 'avsal')
}

export function dataPaths(dataDir: string): DataPaths {
  const dir = resolve(dataDir)
  mkdirSync(join(dir, 'cache'), { recursive: true })
  return { dataDir: dir, dbPath: join(dir, 'avsal.db'), cacheDir: join(dir, 'cache'), studiesDir: join(dir, 'studies') }
}
