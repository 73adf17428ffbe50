import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedKeys, getModel } from '../../../src/main/models/architectures'
import { readCheckpoint, type TorchTensor } from '../../../src/main/models/checkpoint'
import { guessModelForKeys, importWeights } from '../../../src/main/models/import'
import { syntheticTensor } from '../../../src/main/models/syntheticWeights'
import { FIXTURES } from './helpers'
import { AppError } from '../../../src/shared/errors'

/** A state dict Map with the deterministic values for every key of `model` */
const cache = new Map<string, Map<string, TorchTensor>>()
function syntheticStateDict(model: string): Map<string, TorchTensor> {
  const hit = cache.get(model)
  if (hit) return new Map(hit)
  const out = new Map<string, TorchTensor>()
  for (const p of expectedKeys(getModel(model))) {
    if (p.key.endsWith('num_batches_tracked')) out.set(p.key, { shape: [], dtype: 'int64', data: BigInt64Array.of(0n) })
    else out.set(p.key, { dtype: 'float32', ...syntheticTensor(p.key, p.shape) })
  }
  cache.set(model, out)
  return new Map(out)
}

function importError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected an import AppError')
}

describe('importWeights', () => {
  it('accepts a complete ViNet state dict, drops num_batches_tracked and module. prefixes', () => {
    const sd = syntheticStateDict('vinet')
    const prefixed = new Map([...sd].map(([k, v]) => [`module.${k}`, v]))
    const { weights, report } = importWeights('vinet', prefixed)
    expect(weights.size).toBe(393)
    expect(report.ignored.length).toBe(77)
    expect(report.missing).toEqual([])
    const w = weights.get('decoder.convtsp4.8.bias')!
    expect(w.shape).toEqual([1])
  })

  it('converts float64 and float16 tensors to float32', () => {
    const sd = syntheticStateDict('vinet')
    const key = 'decoder.convtsp4.8.weight'
    sd.set(key, { shape: [1, 32, 1, 1, 1], dtype: 'float64', data: new Float64Array(32).fill(0.25) })
    const { weights, report } = importWeights('vinet', sd)
    expect(report.converted).toEqual([key])
    expect(weights.get(key)!.data).toBeInstanceOf(Float32Array)
    expect(weights.get(key)!.data[5]).toBe(0.25)
  })

  it('lists missing keys, unexpected keys and shape mismatches', () => {
    const sd = syntheticStateDict('vinet')
    sd.delete('decoder.convtsp1.0.weight')
    sd.set('decoder.convtsp2.0.weight', { shape: [480, 832, 1, 3, 3], dtype: 'float32', data: new Float32Array(480 * 832 * 9) })
    sd.set('decoder.extra.weight', { shape: [2], dtype: 'float32', data: new Float32Array(2) })
    sd.set('decoder.convtsp4.8.bias', { shape: [1], dtype: 'int64', data: BigInt64Array.of(1n) })
    const err = importError(() => importWeights('vinet', sd, { source: 'ViNet_DHF1K.pt' }))
    expect(err.code).toBe('weights-mismatch')
    expect(err.message).toMatch(/^ViNet_DHF1K\.pt does not fit 'vinet': 1 missing, 2 unexpected, 2 with the wrong shape/)
    expect(err.details).toEqual(
      expect.arrayContaining([
        'missing: decoder.convtsp1.0.weight (expected shape (832, 1024, 1, 3, 3))',
        'unexpected: decoder.extra.weight (shape (2))',
        'shape mismatch: decoder.convtsp2.0.weight: expected (480, 832, 3, 3, 3), found (480, 832, 1, 3, 3)',
        'unexpected: decoder.convtsp4.8.bias [dtype int64, expected floating point] (shape (1))'
      ])
    )
  })

  it('recognises an S3D checkpoint handed to ViNet', () => {
    const err = importError(() => importWeights('vinet', syntheticStateDict('s3d-kinetics400'), { source: 'S3D_kinetics400.pt' }))
    expect(err.code).toBe('wrong-model')
    expect(err.message).toMatch(/look like 's3d-kinetics400' \(100%/)
    expect(err.message).toMatch(/S3D_kinetics400\.pt is not a 'vinet' checkpoint: only 0 of its 393 parameters are present.*look like 's3d-kinetics400'/)
    // every ViNet parameter missing, every S3D key (with num_batches_tracked and fc) unexpected
    expect(err.details!.length).toBe(393 + 464)
  })

  it('names the model family of audio-visual checkpoints by their key names', () => {
    // the AV models are registered, so the guess names the registered model (or the family)
    expect(guessModelForKeys(['audionet.conv1.weight', 'visual_model.backbone.base1.0.conv_s.weight'])).toMatch(/avinet/i)
    expect(guessModelForKeys(['module.score_dsn.0.side_prep.weight', 'module.layer1.0.conv1.weight'])).toMatch(/stavis/i)
    expect(guessModelForKeys(['resnet.fc.weight'])).toBeNull()
  })
})

describe('import from real torch.save files (tests/fixtures/models/tiny_*.pt)', () => {
  it('reports the partial DataParallel file key by key', () => {
    const path = join(FIXTURES, 'tiny_vinet_partial.pt')
    const ckpt = readCheckpoint(new Uint8Array(readFileSync(path)), path)
    const err = importError(() => importWeights('vinet', ckpt.tensors, { source: path }))
    expect(err.code).toBe('wrong-model')
    expect(err.message).toMatch(/only 3 of its 393 parameters are present/)
    expect(err.details).toEqual(
      expect.arrayContaining([
        'shape mismatch: backbone.base1.0.bn_s.weight: expected (64), found (32)',
        'unexpected: extra_head.weight (shape (2, 2))',
        'missing: decoder.convtsp1.0.weight (expected shape (832, 1024, 1, 3, 3))'
      ])
    )
    expect(err.details!.some((d) => d.includes('backbone.base1.0.conv_s.weight'))).toBe(false)
  })

  it('says an S3D-keyed file looks like s3d-kinetics400', () => {
    const path = join(FIXTURES, 'tiny_s3d_like.pt')
    const ckpt = readCheckpoint(new Uint8Array(readFileSync(path)), path)
    const err = importError(() => importWeights('vinet', ckpt.tensors, { source: path }))
    expect(err.message).toMatch(/look like 's3d-kinetics400'/)
  })
})
