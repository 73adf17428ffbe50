// One registry of models: the inference engine's profiles derive from the model registry's
// saliency facts, so every registered saliency model (the four AViNet fusions included) is
// runnable, feature extractors are not, and each profile's input shapes build its graph. End to
// end: avinet-transformer through runInference on a tiny video with synthetic weights.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { AVINET_AUDIO_BUFFER, STAVIS_AUDIO_BUFFER } from '../../../src/main/engine/inference/audio'
import { causalSchedule, centreSchedule } from '../../../src/main/engine/inference/clips'
import { modelInfos } from '../../../src/main/engine/inference/modelInfo'
import { inferableModels, inferenceProfile } from '../../../src/main/engine/inference/profiles'
import { runInference } from '../../../src/main/engine/inference/runInference'
import { decodeImage } from '../../../src/main/formats/image'
import { getModel, modelNames } from '../../../src/main/models/architectures'
import { planStages } from '../../../src/main/models/staged'
import { makeVideoDataset, type VideoDataset } from '../../fixtures/inference/datasets'
import { AppError } from '../../../src/shared/errors'

const SALIENCY_MODELS = ['vinet', 'center-bias', 'avinet-bilinear', 'avinet-concat', 'avinet-transformer', 'avinet-attention', 'stavis', 'stavis-visual']
const AVINET = ['avinet-bilinear', 'avinet-concat', 'avinet-transformer', 'avinet-attention']

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError'
  }
  return undefined
}

describe('inference profiles come from the model registry', () => {
  it('inferableModels() = exactly the registered models with saliency facts, the four AViNet fusions included', () => {
    const withFacts = modelNames().filter((name) => getModel(name).saliency !== undefined)
    expect(inferableModels()).toEqual(withFacts)
    expect([...inferableModels()].sort()).toEqual([...SALIENCY_MODELS].sort())
    for (const extractor of ['s3d-kinetics400', 'soundnet8-avinet', 'soundnet8-stavis']) {
      expect(modelNames()).toContain(extractor)
      expect(() => inferenceProfile(extractor)).toThrow(/not a saliency model/)
      expect(codeOf(() => inferenceProfile(extractor))).toBe('unknown-model')
    }
    expect(codeOf(() => inferenceProfile('no-such-model'))).toBe('unknown-model')
  })

  it('every profile builds its graph from inputShapes(batch): the graph inputs match, batch 1 and 2; its stages plan on that graph', () => {
    for (const name of inferableModels()) {
      const profile = inferenceProfile(name)
      for (const batch of [1, 2]) {
        const shapes = profile.inputShapes(batch)
        const graph = profile.spec.build(shapes)
        expect(graph.inputs.map((i) => [i.name, [...i.shape]]), name).toEqual(profile.spec.inputs.map((input, i) => [input.name, shapes[i]]))
        expect(graph.outputs.some((o) => o.name === profile.spec.output), name).toBe(true)
        const [, , frames, h, w] = shapes[0]
        expect([frames, h, w]).toEqual([profile.clipFrames, ...profile.inputSize])
        if (batch === 1) {
          const stages = planStages(graph, profile.spec.stages).map((s) => s.name)
          expect(stages, name).toEqual(profile.audioSamples === null ? expect.not.arrayContaining(['audio']) : ['visual', 'audio', 'fusion'])
        }
      }
    }
  })

  it('reads clip length, frame size, audio buffer, schedule and post-processing from the registry', () => {
    for (const name of AVINET) {
      const p = inferenceProfile(name)
      expect([p.clipFrames, p.inputSize, p.audioSamples, p.postprocess], name).toEqual([32, [224, 384], AVINET_AUDIO_BUFFER, 'vinet'])
      expect(p.inputShapes(3)[1]).toEqual([3, 1, AVINET_AUDIO_BUFFER, 1])
      expect(p.schedule(40)).toEqual(causalSchedule(40, 32))
      expect(p.procedure).toMatch(/ViNet generate_result/)
    }
    const stavis = inferenceProfile('stavis')
    expect([stavis.clipFrames, stavis.inputSize, stavis.audioSamples, stavis.postprocess]).toEqual([16, [112, 112], STAVIS_AUDIO_BUFFER, 'stavis'])
    expect(stavis.inputShapes(2)[1]).toEqual([2, 1, 1, STAVIS_AUDIO_BUFFER])
    expect(stavis.schedule(20)).toEqual(centreSchedule(20, 16))
    expect(stavis.recipe.resizes.map((r) => [r.width, r.height])).toEqual([[320, 240], [112, 112]])
    for (const name of ['vinet', 'center-bias', 'stavis-visual']) expect(inferenceProfile(name).audioSamples, name).toBeNull()
    expect(inferenceProfile('center-bias').procedure).toMatch(/centre-bias baseline/)
  })

  it('an input size may be chosen for ViNet and the centre bias only (multiples of 32)', () => {
    const small = inferenceProfile('vinet', [64, 96])
    expect(small.inputSize).toEqual([64, 96])
    expect(small.inputShapes(1)[0]).toEqual([1, 3, 32, 64, 96])
    expect(small.recipe.resizes).toEqual([{ width: 96, height: 64, filter: 'bilinear' }])
    expect(inferenceProfile('center-bias', [32, 32]).inputSize).toEqual([32, 32])
    expect(() => inferenceProfile('vinet', [60, 96])).toThrow(/multiples of 32/)
    for (const name of [...AVINET, 'stavis', 'stavis-visual']) {
      expect(() => inferenceProfile(name, [64, 96]), name).toThrow(/clips only/)
      expect(codeOf(() => inferenceProfile(name, [64, 96]))).toBe('bad-argument')
    }
  })

  it('modelInfos() lists the same models; requests for the token fusions pass the check', () => {
    const infos = modelInfos()
    expect(infos.map((m) => m.name)).toEqual(inferableModels())
    const transformer = infos.find((m) => m.name === 'avinet-transformer')
    expect(transformer).toMatchObject({ needsAudio: true, needsWeights: true, clipFrames: 32, inputSize: [224, 384], target: 'last' })
    expect(transformer?.inputs.map((i) => i.shape)).toEqual([[1, 3, 32, 224, 384], [1, 1, AVINET_AUDIO_BUFFER, 1]])
    expect(infos.find((m) => m.name === 'stavis')?.target).toBe('centre')
    expect(() => inferenceProfile('avinet-attention')).not.toThrow()
    expect(() => inferenceProfile('soundnet8-stavis')).toThrow(/not a saliency model/)
  })
})

describe('avinet-transformer end to end (synthetic weights, one 4-frame video with audio)', () => {
  let videos: VideoDataset
  let dataDir: string
  let service: AppService
  beforeAll(() => {
    videos = makeVideoDataset(4)
    dataDir = mkdtempSync(join(tmpdir(), 'avsal-registry-'))
    service = new AppService({ dataDir, host: 'browser', version: 'test' })
  })
  afterAll(() => {
    service.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(videos.root, { recursive: true, force: true })
  })

  it('runs through runInference with real audio: one map per frame at the frame size', async () => {
    const dataset = await service.openDataset(videos.root)
    const result = await runInference(service.store, {
      datasetRoot: dataset.root,
      model: 'avinet-transformer',
      weights: { kind: 'synthetic' },
      videos: ['tone-a'],
      audio: 'real',
      threads: 2,
      batch: 1,
      cacheDir: service.paths.cacheDir
    })
    expect(result.status).toBe('done')
    expect(result.audioCondition).toBe('real')
    expect(result.framesWritten).toBe(4)
    expect(result.clipsRun).toBe(4) // fewer than 32 frames: one padded causal window per frame
    const dir = result.videos[0].dir
    const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort()
    expect(files).toHaveLength(4)
    const map = decodeImage(new Uint8Array(readFileSync(join(dir, files[3]))))
    expect([map.width, map.height]).toEqual([64, 48])
  }, 120_000)
})
