// SoundNet-8 (both layouts) and STAViS (AV and visual-only) through ONNX Runtime against the
// PyTorch re-statement (tests/fixtures/models/av/reference.py), to 1e-4.
import { describe, expect, it } from 'vitest'
import { buildSoundnet8Avinet, buildSoundnet8Stavis } from '../../../../src/main/models/architectures/soundnet'
import { buildStavis } from '../../../../src/main/models/architectures/stavis'
import { runAgainstFixture } from './runAgainstFixture'

describe('SoundNet-8 through ONNX Runtime matches PyTorch', () => {
  it('AViNet layout (N,1,70560,1) → conv7 (1,1024,3,1)', async () => {
    const m = await runAgainstFixture('soundnet8-avinet', buildSoundnet8Avinet([1, 1, 70560, 1]), [
      { fixture: 'soundnet8-avinet.features', graphOutput: 'features' }
    ])
    expect(m).toHaveLength(1)
  })

  it('STAViS layout (N,1,1,35280) → (1,1024,1,1)', async () => {
    await runAgainstFixture('soundnet8-stavis', buildSoundnet8Stavis([1, 1, 1, 35280]), [
      { fixture: 'soundnet8-stavis.features', graphOutput: 'features' }
    ])
  })
})

describe('STAViS through ONNX Runtime matches PyTorch', () => {
  it('audio-visual: logits, SoundNet features and the fusion3 map', async () => {
    const graph = buildStavis('audiovisual', [1, 3, 16, 112, 112], [1, 1, 1, 35280], { debugOutputs: true })
    await runAgainstFixture('stavis', graph, [
      { fixture: 'stavis.logits', graphOutput: 'logits' },
      { fixture: 'stavis.audio', graphOutput: 'audio' },
      { fixture: 'stavis.avFusion', graphOutput: 'avFusion' }
    ])
  }, 120_000)

  it('visual-only: fuse logits and the four DSAM side maps', async () => {
    const graph = buildStavis('visual', [1, 3, 16, 112, 112])
    await runAgainstFixture('stavis-visual', graph, [
      { fixture: 'stavis-visual.logits', graphOutput: 'logits' },
      ...[1, 2, 3, 4].map((i) => ({ fixture: `stavis-visual.side${i}`, graphOutput: `side${i}` }))
    ])
  }, 120_000)
})
