// Shared fixtures for the store tests: temp folders and realistic catalog records.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NewDataset, NewVideo } from '../../../src/main/store/catalog'
import { AppError } from '../../../src/shared/errors'

const made: string[] = []

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-store-'))
  made.push(dir)
  return dir
}

export function removeTempDirs(): void {
  while (made.length > 0) rmSync(made.pop() as string, { recursive: true, force: true })
}

export function sampleDataset(root: string, overrides: Partial<NewDataset> = {}): NewDataset {
  return {
    root,
    name: 'DHF1K-mini',
    layout: 'dhf1k',
    layoutDetail: 'annotation/<video>/maps + fixation/ folders found',
    openedAt: '2025-01-01T10:00:00.000Z',
    issues: [{ severity: 'warning', code: 'missing-frame', message: 'frame 0003 has no map', video: '001' }],
    ...overrides
  }
}

export function sampleVideo(name: string, group: string | null, frameCount = 4): NewVideo {
  const files = Array.from({ length: frameCount }, (_, i) => `${String(i + 1).padStart(4, '0')}.png`)
  return {
    name,
    group,
    frameCount,
    fps: 30,
    width: 640,
    height: 360,
    hasAudio: true,
    audioPath: `/data/${name}/${name}.wav`,
    frames: { kind: 'frames', dir: `/data/${name}/images`, files },
    maps: { dir: `/data/${name}/maps`, files: files.map((f, i) => (i === 2 ? null : f)) },
    fixations: { kind: 'mat', dir: `/data/${name}/fixation`, files: files.map((f) => f.replace('.png', '.mat')), key: 'I' },
    mapSize: { width: 320, height: 180 },
    issues: [{ severity: 'info', code: 'map-size-mismatch', message: 'maps are 320×180', video: name }]
  }
}

/** The AppError code `work` throws, or 'no error' (other errors propagate). */
export function codeOf(work: () => unknown): string {
  try {
    work()
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'no error'
}
