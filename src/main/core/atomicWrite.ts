// A file appears only complete: written beside its final name (a temporary name that carries
// the writer's pid, so a reader can tell a live writer's file from a crashed one's), then renamed.
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'

export function temporaryName(path: string): string {
  return `${path}.${process.pid}.tmp`
}

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = temporaryName(path)
  try {
    await writeFile(temporary, bytes)
    await rename(temporary, path)
  } catch (err) {
    await rm(temporary, { force: true })
    throw err
  }
}

export function writeFileAtomicSync(path: string, bytes: Uint8Array): void {
  const temporary = temporaryName(path)
  try {
    writeFileSync(temporary, bytes)
    renameSync(temporary, path)
  } catch (err) {
    rmSync(temporary, { force: true })
    throw err
  }
}
