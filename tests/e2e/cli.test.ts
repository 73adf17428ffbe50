// The `avsal` command as a user runs it (the built bundle through bin/avsal.cjs).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SHARED_DATA as DATA, itWithData } from '../support/sharedData'
import { readNpy } from '../../src/main/formats/npy'

const REPO = resolve(__dirname, '../..')
const BIN = join(REPO, 'bin/avsal.cjs')

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

  itWithData('ucf-sports', 'open --json reports Diving-Side-001 with its 54 frames', () => {
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

describe('avsal metrics and avsal eval', () => {
  const UCF = join(DATA, 'ucf-sports/testing/Diving-Side-001')

  itWithData('ucf-sports/testing/Diving-Side-001', 'metrics --json: six keys with --fix, --gt and --other; only what the inputs allow otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const all = avsal(
      ['metrics', '--pred', `${UCF}/maps/Diving-Side_001_010.png`, '--fix', `${UCF}/fixation/Diving-Side_001_020.png`,
        '--gt', `${UCF}/maps/Diving-Side_001_020.png`, '--other', `${UCF}/fixation/Diving-Side_001_030.png`, '--json'],
      dir
    )
    expect(all.code, all.stderr).toBe(0)
    const values = JSON.parse(all.stdout) as Record<string, number | null>
    expect(Object.keys(values).sort()).toEqual(['AUC_Judd', 'CC', 'KLD', 'NSS', 'SIM', 'sAUC'])
    for (const v of Object.values(values)) expect(Number.isFinite(v)).toBe(true)
    const fixOnly = avsal(['metrics', '--pred', `${UCF}/maps/Diving-Side_001_010.png`, '--fix', `${UCF}/fixation/maps/Diving-Side_001_020.mat`, '--no-jitter', '--json'], dir)
    expect(Object.keys(JSON.parse(fixOnly.stdout)).sort()).toEqual(['AUC_Judd', 'NSS'])
  })

  it('metrics: NaN is printed as null (constant prediction → CC undefined)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const pred = join(dir, 'flat.npy')
    const gt = join(dir, 'gt.npy')
    // .npy v1 headers written by hand: 2×2 float64
    const npy = (values: number[]): Buffer => {
      const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"
      const padded = header.padEnd(118, ' ') + '\n'
      const head = Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), Buffer.from([padded.length, 0]), Buffer.from(padded, 'latin1')])
      return Buffer.concat([head, Buffer.from(new Float64Array(values).buffer)])
    }
    writeFileSync(pred, npy([0.5, 0.5, 0.5, 0.5]))
    writeFileSync(gt, npy([0, 1, 0, 0]))
    const r = avsal(['metrics', '--pred', pred, '--gt', gt, '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).CC).toBeNull()
  })

  itWithData('ucf-sports', 'eval --csv: frame, video and dataset rows, stored as a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['eval', '--dataset', join(DATA, 'ucf-sports'), '--pred', `${UCF}/maps`, '--csv'], dir)
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toBe('level,video,frame,CC,SIM,NSS,AUC_Judd,sAUC,KLD')
    expect(lines.filter((l) => l.startsWith('frame,')).length).toBe(54)
    const datasetRow = lines.find((l) => l.startsWith('dataset,'))?.split(',')
    expect(Number(datasetRow?.[3])).toBeCloseTo(1, 9)
  })
})

describe('avsal checkpoint inspect and avsal predict', () => {
  itWithData('checkpoints', 'checkpoint inspect --json lists key, shape, dtype and sum; a truncated file gets a precise error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const file = join(DATA, 'checkpoints/captum/titanic_model.pt')
    const r = avsal(['checkpoint', 'inspect', file, '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { tensors: { key: string; shape: number[]; dtype: string; sum: number }[] }
    expect(out.tensors[0]).toMatchObject({ key: 'linear1.weight', shape: [12, 12], dtype: 'float32' })
    const cut = join(dir, 'cut.pt')
    writeFileSync(cut, readFileSync(join(DATA, 'checkpoints/tinyhd/d123s_rc4_rc1T.pth')).subarray(0, 500_000))
    const bad = avsal(['checkpoint', 'inspect', cut, '--json'], dir)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/\[truncated\].*bytes/)
  })

  it('predict writes the same map on ONNX Runtime and TensorFlow.js (parameter-free centre bias)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const input = join(dir, 'x.npy')
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 32, 64, 96), }"
    const padded = header.padEnd(118, ' ') + '\n'
    writeFileSync(input, Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, padded.length, 0]), Buffer.from(padded, 'latin1'), Buffer.alloc(3 * 32 * 64 * 96 * 4)]))
    const ort = avsal(['predict', '--model', 'center-bias', '--input', input, '--out', join(dir, 'ort.npy'), '--json'], dir)
    const tfjs = avsal(['predict', '--model', 'center-bias', '--input', input, '--runtime', 'tfjs', '--out', join(dir, 'tfjs.npy'), '--json'], dir)
    expect(ort.code, ort.stderr).toBe(0)
    expect(tfjs.code, tfjs.stderr).toBe(0)
    expect(JSON.parse(ort.stdout)).toMatchObject({ runtime: 'ort', shape: [1, 64, 96] })
    expect(JSON.parse(tfjs.stdout)).toMatchObject({ runtime: 'tfjs', shape: [1, 64, 96] })
    const a = readNpy(readFileSync(join(dir, 'ort.npy'))).data as Float32Array
    const b = readNpy(readFileSync(join(dir, 'tfjs.npy'))).data as Float32Array
    expect(a.length).toBe(64 * 96)
    let maxDiff = 0
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]))
    expect(maxDiff).toBeLessThan(1e-5)
  })
})
