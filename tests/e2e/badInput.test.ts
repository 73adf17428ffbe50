// Bad input through the CLI and the headless host: each problem gets a specific message and a
// non-zero exit, the dataset still opens with what is readable, and nothing is overwritten.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import type { AppEvent, DatasetRecord, VideoSummary } from '../../src/shared/types'
import { grayPng } from '../unit/eval/helpers'
import { fixationMat } from '../fixtures/datasets/writeMat'
import { apiCall, REPO, startHost } from './support/host'

const BIN = join(REPO, 'bin/avsal.cjs')

function avsal(args: string[], dataDir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** A ViNet-layout video folder `<root>/test/<name>/{images,maps,fixation}` with `frames` frames. */
function vinetVideo(root: string, name: string, frames: number, mapSize = { w: 32, h: 24 }): string {
  const base = join(root, 'test', name)
  for (const sub of ['images', 'maps', 'fixation']) mkdirSync(join(base, sub), { recursive: true })
  for (let i = 1; i <= frames; i++) {
    const file = `${String(i).padStart(4, '0')}.png`
    writeFileSync(join(base, 'images', file), grayPng(32, 24, (x, y) => x + y))
    writeFileSync(join(base, 'maps', file), grayPng(mapSize.w, mapSize.h, (x) => x * 4))
    writeFileSync(join(base, 'fixation', file), grayPng(32, 24, (x, y) => (x === 5 && y === 5 ? 255 : 0)))
  }
  return base
}

function issuesOf(stdout: string): { code: string; message: string; severity: string }[] {
  return (JSON.parse(stdout) as { issues: { code: string; message: string; severity: string }[] }).issues
}

describe('bad input: clear messages, non-zero exits, nothing lost', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'avsal-bad-data-'))

  it('missing frames in the numbering', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-bad-'))
    const base = vinetVideo(root, 'gap', 6)
    renameSync(join(base, 'images', '0003.png'), join(root, 'moved-away.png'))
    const r = avsal(['open', root, '--json'], dataDir)
    expect(r.code).toBe(3)
    expect(issuesOf(r.stdout).map((i) => i.code)).toContain('missing-frame')
  })

  it('corrupt and truncated frames', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-bad-'))
    const base = vinetVideo(root, 'corrupt', 5)
    writeFileSync(join(base, 'images', '0002.png'), Buffer.alloc(0))
    writeFileSync(join(base, 'images', '0004.png'), readFileSync(join(base, 'images', '0001.png')).subarray(0, 20))
    const r = avsal(['open', root, '--json'], dataDir)
    expect(r.code).toBe(3)
    const corrupt = issuesOf(r.stdout).filter((i) => i.code === 'corrupt-frame')
    expect(corrupt.length).toBeGreaterThan(0)
    expect(corrupt.map((i) => i.message).join(' ')).toMatch(/0002\.png/)
  })

  it('maps of a different size than the frames are resized, and the user is told', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-bad-'))
    vinetVideo(root, 'bigmaps', 3, { w: 64, h: 48 })
    const r = avsal(['open', root, '--json'], dataDir)
    const issue = issuesOf(r.stdout).find((i) => i.code === 'map-size-mismatch')
    expect(issue?.message).toMatch(/64×48/)
    expect(issue?.message).toMatch(/resized/)
    expect(r.code).toBe(3)
  })

  it('fixation .mat files without the expected key', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-bad-'))
    const base = vinetVideo(root, 'matkey', 3)
    mkdirSync(join(base, 'fixation', 'maps'))
    for (let i = 1; i <= 3; i++) {
      writeFileSync(join(base, 'fixation', 'maps', `${String(i).padStart(4, '0')}.mat`), fixationMat('wrongKey', 32, 24, [{ x: 3, y: 4 }]))
    }
    const r = avsal(['open', root, '--json'], dataDir)
    const issue = issuesOf(r.stdout).find((i) => i.code === 'mat-key-missing')
    expect(issue?.message).toMatch(/wrongKey/)
    expect(r.code).toBe(3)
  })

  it('a video ffmpeg cannot decode is listed with ffmpeg’s reason, the others open', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-bad-'))
    writeFileSync(join(root, 'broken.mp4'), Buffer.from('this is not a video at all, just text with an .mp4 name'))
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-t', '1', join(root, 'good.mp4')], { encoding: 'utf8' })
    expect(made.status, `ffmpeg could not make good.mp4: ${made.stderr}`).toBe(0)
    const r = avsal(['open', root, '--json'], dataDir)
    expect(r.code).toBe(3)
    const out = JSON.parse(r.stdout) as { videos: { name: string; frameCount: number }[]; issues: { code: string; message: string }[] }
    expect(out.issues.find((i) => i.code === 'undecodable')?.message).toMatch(/broken\.mp4/)
    expect(out.videos.find((v) => v.name === 'good')?.frameCount).toBe(10)
  })

  it('a locked experiment log: a specific message, and the file is not touched', () => {
    const lockedDir = mkdtempSync(join(tmpdir(), 'avsal-locked-'))
    expect(avsal(['info'], lockedDir).code).toBe(0)
    const db = new Database(join(lockedDir, 'avsal.db'))
    db.pragma('busy_timeout = 0')
    db.exec('BEGIN EXCLUSIVE')
    try {
      const r = avsal(['info'], lockedDir)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/\[db-locked\]/)
    } finally {
      db.exec('ROLLBACK')
      db.close()
    }
  })

  it('a dataset folder that disappears while open: event, specific API error, catalog kept', async () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-vanish-'))
    vinetVideo(root, 'vanishing', 3)
    const host = await startHost()
    const controller = new AbortController()
    try {
      const events: AppEvent[] = []
      // the host registers the subscriber before it answers, so once the headers are here no event is missed
      const res = await fetch(`${host.url}/events?token=${host.token}`, { signal: controller.signal })
      expect(res.status).toBe(200)
      const reader = res.body?.getReader()
      if (!reader) throw new Error('the event stream has no body')
      const stream = (async () => {
        const decoder = new TextDecoder()
        let buffered = ''
        for (;;) {
          const chunk = await reader.read()
          if (chunk.done) return
          buffered += decoder.decode(chunk.value, { stream: true })
          // only complete messages (ended by a blank line); the rest waits for the next chunk
          const messages = buffered.split('\n\n')
          buffered = messages.pop() ?? ''
          for (const message of messages) if (message.startsWith('data: ')) events.push(JSON.parse(message.slice(6)) as AppEvent)
        }
      })().catch((err: unknown) => {
        // aborting at the end is expected; anything else (a malformed event) fails the test
        if (!controller.signal.aborted) throw err
      })
      const dataset = await apiCall<DatasetRecord>(host, 'openDataset', root)
      const [video] = await apiCall<VideoSummary[]>(host, 'listVideos', dataset.id)
      renameSync(root, `${root}-moved`)
      await expect(apiCall(host, 'getFrame', video.id, 0)).rejects.toMatchObject({ code: 'dataset-missing' })
      await vi.waitFor(() => expect(events).toContainEqual(expect.objectContaining({ type: 'dataset-missing', root })), { timeout: 5_000, interval: 50 })
      // the catalog is still there
      expect((await apiCall<VideoSummary[]>(host, 'listVideos', dataset.id)).length).toBe(1)
      controller.abort()
      await stream
    } finally {
      controller.abort()
      await host.stop()
    }
  })
})
