// A model whose audio path is provably dead gives the same maps under every audio condition and
// the verdict 'identical outputs'; the same weights with the audio path alive give maps that
// differ. STAViS with its deterministic synthetic weights written as a torch.save checkpoint;
// the dead copy has SoundNet's last conv (soundnet8.21, conv7) zeroed, weight and bias: its
// output is 0 whatever the waveform, so BatchNorm + ReLU + pooling give one constant audio
// embedding and the fusion sees the same audio input for every clip and condition.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { runStudy } from '../../../src/main/engine/audioswap/runStudy'
import { inferenceProfile } from '../../../src/main/engine/inference/profiles'
import { writeCheckpointFile } from '../../../src/main/models/checkpoint'
import { syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { mapDifferencesOf } from '../../../src/main/store'
import type { AudioSwapReport } from '../../../src/shared/reports'
import { METRIC_KEYS } from '../../../src/shared/types'
import { makeToneAvSet, type ToneAvSet } from '../../fixtures/audioswap/toneAvSet'

const LAST_AUDIO_CONV = ['soundnet8.21.weight', 'soundnet8.21.bias']
const CONDITIONS = ['real', 'zero', 'random', 'wolfram', 'shuffled'] as const

describe('a dead audio path vs a live one (STAViS, checkpoint files)', () => {
  let set: ToneAvSet
  let work: string
  let service: AppService
  let live: AudioSwapReport
  let dead: AudioSwapReport

  beforeAll(async () => {
    set = makeToneAvSet(['tone-a', 'tone-b', 'tone-c'], 20)
    work = mkdtempSync(join(tmpdir(), 'avsal-dead-audio-'))
    const profile = inferenceProfile('stavis')
    const weights = syntheticWeights(profile.spec.build(profile.inputShapes(1)).params)
    await writeCheckpointFile(join(work, 'stavis-live.pt'), weights)
    for (const key of LAST_AUDIO_CONV) {
      const t = weights.get(key)
      expect(t, key).toBeTruthy()
      weights.set(key, { shape: t!.shape, data: new Float32Array(t!.data.length) })
    }
    await writeCheckpointFile(join(work, 'stavis-dead.pt'), weights)
    service = new AppService({ dataDir: join(work, 'data'), host: 'browser', version: 'test' })
    const dataset = await service.openDataset(set.root)
    const study = (file: string) =>
      runStudy(service.store, {
        datasetRoot: dataset.root,
        model: 'stavis',
        weights: { kind: 'file', path: join(work, file) },
        conditions: [...CONDITIONS],
        frames: { first: 0, last: 9 },
        seed: 3,
        protocol: 'vinet-av',
        cacheDir: service.paths.cacheDir,
        studiesDir: service.paths.studiesDir,
        batch: 2
      })
    live = await study('stavis-live.pt')
    dead = await study('stavis-dead.pt')
  }, 300_000)

  afterAll(() => {
    service?.close()
    for (const dir of [work, set?.root]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it("dead: every condition's maps equal real's, the verdict is 'identical outputs' and no test is possible", () => {
    expect(dead.weightsSha256).not.toBe(live.weightsSha256)
    for (const c of CONDITIONS.slice(1)) {
      expect(dead.verdict[c]).toBe('identical outputs')
      for (const v of dead.videos) expect(v.mapDifference[c]).toMatchObject({ meanAbsDiff: 0, maxAbsDiff: 0 })
      // identical maps score identically: every paired difference is zero
      for (const k of METRIC_KEYS) {
        expect(dead.summary[c].delta[k]).toBe(0)
        expect(dead.tests[c][k]).toMatchObject({ n: 3, p: null, method: 'none' })
      }
    }
    expect(mapDifferencesOf(service.store, dead.runId).every((r) => r.meanAbsDiff === 0 && r.maxAbsDiff === 0)).toBe(true)
    // the constant embedding: one audio feature norm for every clip and condition
    const norms = CONDITIONS.map((c) => dead.featureNorms[c].audio)
    for (const n of norms) {
      expect(n.std).toBeLessThan(1e-5)
      expect(n.mean).toBeCloseTo(norms[0].mean, 5)
    }
  })

  it('live: the same weights with the audio path intact give maps that differ from real', () => {
    for (const c of CONDITIONS.slice(1)) {
      expect(live.verdict[c]).not.toBe('identical outputs')
      expect(Math.max(...live.videos.map((v) => v.mapDifference[c].maxAbsDiff))).toBeGreaterThan(0)
    }
    expect(live.featureNorms.real.audio.std).toBeGreaterThan(1e-4)
  })
})
