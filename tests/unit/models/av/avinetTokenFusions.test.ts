// AViNet token fusions (ViNet code transformer, thesis cross + self attention): official / documented
// key lists, shape checks, registry entries, and one full 32×224×384 forward each through ONNX
// Runtime against the PyTorch re-statement (tests/fixtures/models/av).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildAvinet } from '../../../../src/main/models/architectures/avinet'
import { AV_MODEL_SPECS } from '../../../../src/main/models/architectures/avRegistry'
import type { Graph, ParamSpec } from '../../../../src/main/models/graph/types'
import { fixtureModel, loadKeyList } from './avFixtures'
import { runAgainstFixture } from './runAgainstFixture'
import { sinusoidTable } from './sinusoidTable'
import { AppError } from '../../../../src/shared/errors'

const AV_CLIP = [1, 3, 32, 224, 384]
const AV_WAVE = [1, 1, 70560, 1]
const OFFICIAL_TSV = resolve(import.meta.dirname, '../../../../../shared/reference/state-dicts/avinet_transformer_fusion_state_dict.tsv')

const asText = (specs: readonly ParamSpec[]): string[] => specs.map((p) => `${p.key} ${p.shape.join(',')}`).sort()
const declared = (g: Graph): ParamSpec[] => [...g.params, ...g.ignoredKeys]

/** shared/reference/state-dicts format: `key<TAB>(d0, d1, ...)`, '#' comment lines */
function readOfficialTsv(path: string): ParamSpec[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [key, dims] = l.split('\t')
      return { key, shape: dims.replace(/[()]/g, '').split(',').map((d) => d.trim()).filter(Boolean).map(Number) }
    })
}

describe('AViNet token fusions declare their key lists', () => {
  it('transformer = the fixture key list (566 entries), pe read from the checkpoint, bilinear ignored', () => {
    const g = buildAvinet('transformer', AV_CLIP, AV_WAVE)
    const keys = declared(g)
    expect(new Set(keys.map((p) => p.key)).size).toBe(keys.length)
    expect(asText(keys)).toEqual(asText(loadKeyList(fixtureModel('avinet-transformer'))))
    expect(keys.length).toBe(566)
    expect(g.params.find((p) => p.key === 'transformer.pos_encoder.pe')?.shape).toEqual([339, 1, 512])
    expect(g.ignoredKeys.map((p) => p.key)).toEqual(expect.arrayContaining(['bilinear.weight', 'bilinear.bias']))
    expect(g.params.some((p) => p.key.startsWith('bilinear.'))).toBe(false)
    expect(g.outputs.map((o) => [o.name, o.shape])).toEqual([['saliency', [1, 224, 384]]])
  })

  describe.skipIf(!existsSync(OFFICIAL_TSV))('against the official list in ../shared/reference', () => {
    it('transformer = avinet_transformer_fusion_state_dict.tsv', () => {
      expect(asText(declared(buildAvinet('transformer', AV_CLIP, AV_WAVE)))).toEqual(asText(readOfficialTsv(OFFICIAL_TSV)))
    })
  })
  if (!existsSync(OFFICIAL_TSV)) console.warn('skipped: ../shared/reference/state-dicts not found')

  it('attention = the CHOICES.md naming (563 entries)', () => {
    const g = buildAvinet('attention', AV_CLIP, AV_WAVE)
    const keys = declared(g)
    expect(asText(keys)).toEqual(asText(loadKeyList(fixtureModel('avinet-attention'))))
    expect(keys.length).toBe(563)
    const fusionKeys = keys.map((p) => p.key).filter((k) => !k.startsWith('visual_model.') && !k.startsWith('audionet.'))
    for (const prefix of ['conv_in_1x1.', 'audio_conv_1x1.', 'cross_a2v.attn.', 'cross_v2a.attn.', 'self_attention.self_attn.']) {
      expect(fusionKeys.some((k) => k.startsWith(prefix)), prefix).toBe(true)
    }
    expect(g.params.find((p) => p.key === 'cross_v2a.attn.in_proj_weight')?.shape).toEqual([1536, 512])
  })
})

describe('AViNet token fusions: input checks and registry', () => {
  it('the transformer needs exactly 3 audio tokens; the attention fusion takes other lengths', () => {
    let caught: unknown
    try {
      buildAvinet('transformer', AV_CLIP, [1, 1, 35280, 1])
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).message).toMatch(/room for exactly 3 audio tokens .* the waveform gives 2/)
    expect(() => buildAvinet('attention', [1, 3, 32, 64, 96], AV_WAVE)).toThrow(/1024×4×7×12/)
    const shorter = buildAvinet('attention', AV_CLIP, [1, 1, 35280, 1], { debugOutputs: true })
    expect(shorter.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['saliency', [1, 224, 384]],
      ['audio', [1, 1024, 2, 1]],
      ['fused', [1, 1024, 4, 7, 12]]
    ])
  })

  it('both are registered with the AViNet inputs and the expected key sets', () => {
    for (const fusion of ['transformer', 'attention'] as const) {
      const spec = AV_MODEL_SPECS.find((s) => s.name === `avinet-${fusion}`)
      expect(spec, fusion).toBeDefined()
      expect(spec!.inputs.map((i) => i.name)).toEqual(['clip', 'waveform'])
      expect(spec!.needsWeights).toBe(true)
      expect(asText(declared(spec!.build([AV_CLIP, AV_WAVE])))).toEqual(asText(loadKeyList(fixtureModel(`avinet-${fusion}`))))
    }
  })
})

describe('AViNet token fusions through ONNX Runtime match PyTorch', () => {
  for (const fusion of ['transformer', 'attention'] as const) {
    it(`avinet-${fusion}: saliency map, fused decoder input and SoundNet features`, async () => {
      const graph = buildAvinet(fusion, AV_CLIP, AV_WAVE, { debugOutputs: true })
      const id = `avinet-${fusion}`
      // the fixture keeps the constructor's sinusoid table in `pe` instead of synthetic values
      const overrides = fusion === 'transformer' ? new Map([['transformer.pos_encoder.pe', sinusoidTable(339, 512)]]) : new Map()
      const measured = await runAgainstFixture(
        id,
        graph,
        [
          { fixture: `${id}.saliency`, graphOutput: 'saliency' },
          { fixture: `${id}.fused`, graphOutput: 'fused' },
          { fixture: `${id}.audio`, graphOutput: 'audio' }
        ],
        overrides
      )
      console.info(`${id}: ${measured.map((m) => `${m.fixture} max|Δ| ${m.maxAbsDiff.toExponential(2)} r ${m.correlation.toFixed(7)}`).join('; ')}`)
    }, 240_000)
  }
})
