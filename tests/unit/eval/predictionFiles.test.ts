// Pairing prediction files with frames: by name, by number (0- or 1-based), by order.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { VideoRecord } from '../../../src/shared/types'
import { findPredictionDir, pairPredictions } from '../../../src/main/engine/evaluation/predictionFiles'

function video(mapFiles: (string | null)[]): VideoRecord {
  return {
    id: 1,
    datasetId: 1,
    name: '0001',
    group: 'val',
    frameCount: mapFiles.length,
    fps: 30,
    width: 4,
    height: 4,
    hasAudio: false,
    audioPath: null,
    frames: { kind: 'frames', dir: '/x', files: mapFiles.map((f) => f ?? 'x.png') },
    maps: { dir: '/x/maps', files: mapFiles },
    fixations: { kind: 'none' },
    mapSize: null,
    issues: []
  }
}

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-pairing-'))
  for (const f of files) writeFileSync(join(dir, f), '')
  return dir
}

describe('pairPredictions', () => {
  it('pairs by identical base name when the model saved maps under the GT names', () => {
    const p = pairPredictions(video(['0001.png', '0002.png', '0003.png']), folder(['0001.png', '0003.png']))
    expect(p.pairedBy).toBe('name')
    expect(p.files).toEqual(['0001.png', null, '0003.png'])
    expect(p.missingFrames).toEqual([1])
  })

  it('pairs 0-based prediction numbers with 1-based frame numbers', () => {
    const p = pairPredictions(video(['img_00001.jpg', 'img_00002.jpg', 'img_00003.jpg']), folder(['pred_0.png', 'pred_1.png', 'pred_2.png']))
    expect(p.pairedBy).toBe('number')
    expect(p.files).toEqual(['pred_0.png', 'pred_1.png', 'pred_2.png'])
  })

  it('falls back to name order and reports unmatched extra files', () => {
    const p = pairPredictions(video(['a.png', 'b.png']), folder(['x.png', 'y.png', 'z.png']))
    expect(p.pairedBy).toBe('order')
    expect(p.files).toEqual(['x.png', 'y.png'])
    expect(p.unmatched).toEqual(['z.png'])
  })
})

describe('findPredictionDir', () => {
  it('finds <pred>/<group>/<video>, <pred>/<video> and numeric aliases (001 ↔ 0001)', () => {
    const root = mkdtempSync(join(tmpdir(), 'avsal-preddir-'))
    mkdirSync(join(root, '001'))
    writeFileSync(join(root, '001', '0001.png'), '')
    expect(findPredictionDir(root, { name: '0001', group: 'val' }, false)).toBe(join(root, '001'))
    mkdirSync(join(root, 'val', '0001'), { recursive: true })
    writeFileSync(join(root, 'val', '0001', '0001.png'), '')
    expect(findPredictionDir(root, { name: '0001', group: 'val' }, false)).toBe(join(root, 'val', '0001'))
    expect(findPredictionDir(root, { name: '0002', group: 'val' }, false)).toBeNull()
  })
})
