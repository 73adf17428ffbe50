import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readNpy, writeNpy } from '../../../src/main/formats/npy'
import { buildVinet } from '../../../src/main/models/architectures/vinet'
import { centerBiasMap } from '../../../src/main/models/architectures/centerBias'
import { s3dBackbone, vinetBackboneLayout } from '../../../src/main/models/architectures/s3d'
import { buildS3dClassifier } from '../../../src/main/models/architectures/s3dClassifier'
import { GraphBuilder } from '../../../src/main/models/graph'
import { OrtExecutor } from '../../../src/main/models/onnx'
import { predict, predictNpyFiles } from '../../../src/main/models/predict'
import { syntheticInput, syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { FIXTURES, maxAbsDiff } from './helpers'
import { AppError } from '../../../src/shared/errors'

const SHAPE = [1, 3, 32, 64, 96]

interface FeatureStats {
  shape: number[]
  sum: number
  sumsq: number
  first: number[]
}

describe('ViNet on ONNX Runtime vs the PyTorch re-statement (deterministic weights)', () => {
  const graph = buildVinet(SHAPE)
  const weights = syntheticWeights(graph.params)
  const clip = syntheticInput(SHAPE)

  it('reproduces the torch saliency map within 1e-4 through predict()', async () => {
    const expected = readNpy(readFileSync(join(FIXTURES, 'vinet_out_64x96.npy')))
    const input = { shape: clip.shape, dtype: 'float32' as const, data: clip.data }
    const result = await predict({ model: 'vinet', weights, input, runtime: 'ort', threads: 1 })
    expect(result.shape).toEqual([1, 64, 96])
    expect(expected.shape).toEqual([1, 64, 96])
    expect(result.runtime).toBe('ort')
    expect(result.provider).toMatch(/^(cpu|cuda)$/)
    expect(result.seconds).toBeGreaterThan(0)
    expect(maxAbsDiff(result.output, expected.data as Float32Array)).toBeLessThan(1e-4)
  }, 120_000)

  it('reproduces the four backbone features (statistics and first values)', async () => {
    const stats: Record<string, FeatureStats> = JSON.parse(readFileSync(join(FIXTURES, 'vinet_features.json'), 'utf8'))
    const b = new GraphBuilder('vinet-backbone')
    const f = s3dBackbone(b, b.input('clip', SHAPE), vinetBackboneLayout('backbone'))
    for (const name of ['y0', 'y1', 'y2', 'y3'] as const) b.output(name, f[name])
    const backbone = b.build()
    const executor = await OrtExecutor.create(backbone, weights, { threads: 1 })
    const out = await executor.run({ clip })
    await executor.dispose()
    for (const name of ['y0', 'y1', 'y2', 'y3'] as const) {
      const want = stats[name]
      const got = out[name]
      expect(got.shape).toEqual(want.shape)
      let sum = 0
      let sumsq = 0
      for (const v of got.data) {
        sum += v
        sumsq += v * v
      }
      expect(maxAbsDiff(got.data.subarray(0, 16), want.first)).toBeLessThan(1e-4)
      expect(Math.abs(sum - want.sum) / Math.max(1, Math.abs(want.sum))).toBeLessThan(1e-5)
      expect(Math.abs(sumsq - want.sumsq) / want.sumsq).toBeLessThan(1e-5)
    }
  }, 120_000)
})

describe('S3D Kinetics classifier (kylemin layout) vs torch', () => {
  it('reproduces the 400 logits within 1e-4', async () => {
    const want: { input: number[]; logits: number[] } = JSON.parse(readFileSync(join(FIXTURES, 's3d_logits.json'), 'utf8'))
    const graph = buildS3dClassifier(want.input)
    const executor = await OrtExecutor.create(graph, syntheticWeights(graph.params), { threads: 1 })
    const { logits } = await executor.run({ clip: syntheticInput(want.input) })
    await executor.dispose()
    expect(logits.shape).toEqual([1, 400])
    expect(maxAbsDiff(logits.data, want.logits)).toBeLessThan(1e-4)
  }, 60_000)
})

describe('predict()', () => {
  const input = { shape: [2, 3, 32, 64, 96], dtype: 'float32' as const, data: new Float32Array(2 * 3 * 32 * 64 * 96) }

  it('runs the centre-bias baseline without weights', async () => {
    const r = await predict({ model: 'center-bias', input })
    expect(r.shape).toEqual([2, 64, 96])
    const map = centerBiasMap(64, 96)
    expect(maxAbsDiff(r.output.subarray(64 * 96), map)).toBe(0)
    expect(Math.max(...map)).toBeLessThanOrEqual(1)
    expect(map[32 * 96 + 48]).toBeGreaterThan(map[0])
  })

  it('reads and writes .npy files (predictNpyFiles) and refuses a checkpoint that does not fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-predict-'))
    try {
      const inPath = join(dir, 'clip.npy')
      const outPath = join(dir, 'map.npy')
      writeFileSync(inPath, writeNpy({ shape: [1, 3, 32, 32, 64], dtype: 'float64', data: new Float64Array(3 * 32 * 32 * 64) }))
      const r = await predictNpyFiles({ model: 'center-bias', inputPath: inPath, outPath })
      const saved = readNpy(readFileSync(outPath))
      expect(saved.shape).toEqual([1, 32, 64])
      expect(maxAbsDiff(saved.data as Float32Array, r.output)).toBe(0)
      const weightsPath = join(FIXTURES, 'tiny_vinet_partial.pt')
      const input = { shape: [1, 3, 32, 64, 96], dtype: 'float32' as const, data: new Float32Array(3 * 32 * 64 * 96) }
      await expect(predict({ model: 'vinet', weightsPath, input })).rejects.toThrow(AppError)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('runs the same description on ONNX Runtime and TensorFlow.js with the same result', async () => {
    const onOrt = await predict({ model: 'center-bias', input, runtime: 'ort' })
    const onTfjs = await predict({ model: 'center-bias', input, runtime: 'tfjs' })
    expect(onTfjs.runtime).toBe('tfjs')
    expect(onTfjs.provider).toMatch(/^tfjs-/)
    expect(onTfjs.shape).toEqual(onOrt.shape)
    expect(maxAbsDiff(onTfjs.output, onOrt.output)).toBeLessThan(1e-5)
  })

  it('says what is wrong with the request', async () => {
    await expect(predict({ model: 'vinet', input })).rejects.toThrow(/needs a checkpoint/)
    await expect(predict({ model: 'vinet', input: { shape: [1], dtype: 'int32', data: new Int32Array(1) } })).rejects.toThrow(AppError)
    await expect(predict({ model: 'vinet', input: { ...input, shape: [2, 3, 16, 128, 96] }, weights: new Map() })).rejects.toThrow(/\(N, 3, 32, H, W\)/)
  })
})
