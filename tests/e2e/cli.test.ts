// The `avsal` command as a user runs it (the built bundle through bin/avsal.cjs).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = resolve(__dirname, '../..')
const BIN = join(REPO, 'bin/avsal.cjs')
const DATA = resolve(REPO, '../shared/data')
const hasData = existsSync(DATA)
if (!hasData) console.warn(`skipped: ${DATA} not found — the real-data CLI checks did not run`)

function avsal(args: string[], dataDir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

describe('avsal CLI', () => {
  it('prints usage and exits 2 for an unknown command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['frobnicate'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command')
  })

  it.skipIf(!hasData)('open --json reports Diving-Side-001 with its 54 frames', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['open', join(DATA, 'ucf-sports'), '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { dataset: { layout: string }; videos: { name: string; frameCount: number }[] }
    expect(out.dataset.layout).toBe('vinet')
    const video = out.videos.find((v) => v.name === 'Diving-Side-001')
    expect(video?.frameCount).toBe(54)
    expect(existsSync(join(dir, 'avsal.db'))).toBe(true)
  })

  it('exits non-zero with a specific message for a folder with no layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const empty = mkdtempSync(join(tmpdir(), 'avsal-empty-'))
    writeFileSync(join(empty, 'notes.txt'), 'not a dataset')
    const r = avsal(['open', empty, '--json'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\[no-layout\]/)
    expect(JSON.parse(r.stdout).error.code).toBe('no-layout')
  })

  it('refuses a corrupt experiment log and leaves its bytes untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const db = join(dir, 'avsal.db')
    const garbage = Buffer.from('this is not an sqlite database, but a researcher may still want it back'.repeat(50))
    writeFileSync(db, garbage)
    const r = avsal(['info'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\[db-corrupt\]/)
    expect(readFileSync(db).equals(garbage)).toBe(true)
  })
})
