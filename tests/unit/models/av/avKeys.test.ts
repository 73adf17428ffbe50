// Graph descriptions of the audio-visual models declare exactly the official state-dict keys,
// reject inputs the fixed-size fusions cannot take, and register like the other models.
import { describe, expect, it } from 'vitest'
import { buildAvinet } from '../../../../src/main/models/architectures/avinet'
import { AV_MODEL_SPECS } from '../../../../src/main/models/architectures/avRegistry'
import { expectedKeys, getModel, registerModel } from '../../../../src/main/models/architectures/index'
import { buildSoundnet8Avinet, buildSoundnet8Stavis } from '../../../../src/main/models/architectures/soundnet'
import { buildStavis } from '../../../../src/main/models/architectures/stavis'
import type { Graph, ParamSpec } from '../../../../src/main/models/graph/types'
import { fixtureModel, loadKeyList } from './avFixtures'
import { AppError } from '../../../../src/shared/errors'

const AV_CLIP = [1, 3, 32, 224, 384]
const AV_WAVE = [1, 1, 70560, 1]
const ST_CLIP = [1, 3, 16, 112, 112]
const ST_WAVE = [1, 1, 1, 35280]

const asText = (specs: readonly ParamSpec[]): string[] => specs.map((p) => `${p.key} ${p.shape.join(',')}`).sort()

function expectOfficialKeys(graph: Graph, fixtureId: string): void {
  const official = loadKeyList(fixtureModel(fixtureId))
  const declared = [...graph.params, ...graph.ignoredKeys]
  expect(new Set(declared.map((p) => p.key)).size).toBe(declared.length) // no key both used and ignored
  expect(asText(declared)).toEqual(asText(official))
}

describe('audio-visual graphs declare the official state-dict keys', () => {
  it('SoundNet-8 in both layouts (conv8 heads ignored in the AViNet layout)', () => {
    const avinetLayout = buildSoundnet8Avinet(AV_WAVE)
    expectOfficialKeys(avinetLayout, 'soundnet8-avinet')
    expect(avinetLayout.ignoredKeys.map((p) => p.key)).toContain('conv8_objs.weight')
    expectOfficialKeys(buildSoundnet8Stavis(ST_WAVE), 'soundnet8-stavis')
  })

  it('AViNet bilinear = the released key list (525 entries)', () => {
    const g = buildAvinet('bilinear', AV_CLIP, AV_WAVE)
    expectOfficialKeys(g, 'avinet-bilinear')
    expect(g.params.length + g.ignoredKeys.length).toBe(525)
    expect(g.outputs.map((o) => [o.name, o.shape])).toEqual([['saliency', [1, 224, 384]]])
  })

  it('AViNet concat = visual_model + audionet + concat_conv_1x1', () => {
    const g = buildAvinet('concat', AV_CLIP, AV_WAVE)
    expectOfficialKeys(g, 'avinet-concat')
    expect(g.params.find((p) => p.key === 'concat_conv_1x1.weight')?.shape).toEqual([1024, 2048, 1, 1, 1])
  })

  it('STAViS AV and visual-only read different subsets of the same 341 keys', () => {
    const av = buildStavis('audiovisual', ST_CLIP, ST_WAVE)
    const visual = buildStavis('visual', ST_CLIP)
    expectOfficialKeys(av, 'stavis')
    expectOfficialKeys(visual, 'stavis-visual')
    expect(av.params.some((p) => p.key === 'fuse.weight')).toBe(false)
    expect(visual.params.some((p) => p.key.startsWith('soundnet8.') || p.key.startsWith('fusion3.') || p.key.startsWith('fuseav.'))).toBe(false)
    expect(visual.outputs.map((o) => o.name)).toEqual(['side1', 'side2', 'side3', 'side4', 'logits', 'saliency'])
    expect(av.outputs.find((o) => o.name === 'logits')?.shape).toEqual([1, 1, 112, 112])
  })
})

describe('audio-visual graphs reject shapes their fixed-size fusions cannot take', () => {
  const shapeError = (fn: () => unknown, text: RegExp): void => {
    let caught: unknown
    try {
      fn()
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('bad-shape')
    expect((caught as AppError).message).toMatch(text)
  }

  it('AViNet needs a 32×224×384 clip and, for the bilinear fusion, 3 audio steps', () => {
    shapeError(() => buildAvinet('bilinear', [1, 3, 32, 64, 96], AV_WAVE), /1024×4×7×12.*found \(1, 3, 32, 64, 96\)/)
    shapeError(() => buildAvinet('bilinear', AV_CLIP, [1, 1, 35280, 1]), /needs 3 SoundNet conv7 steps, the waveform gives 2/)
    shapeError(() => buildAvinet('bilinear', AV_CLIP, [1, 1, 1, 70560]), /expected a waveform \(N, 1, L, 1\)/)
    shapeError(() => buildAvinet('concat', AV_CLIP, [2, 1, 70560, 1]), /clip batch 1 differs from waveform batch 2/)
    // the concat fusion pools audio over time, so a shorter window is fine
    expect(buildAvinet('concat', AV_CLIP, [1, 1, 35280, 1]).outputs[0].shape).toEqual([1, 224, 384])
  })

  it('STAViS needs (N,3,16,112,112) and a waveform that SoundNet reduces to one step', () => {
    shapeError(() => buildStavis('visual', [1, 3, 8, 112, 112]), /expected a clip \(N, 3, 16, 112, 112\)/)
    shapeError(() => buildStavis('audiovisual', ST_CLIP, [1, 1, 1, 352800]), /one step is needed/)
    expect(() => buildStavis('audiovisual', ST_CLIP)).toThrow(/a waveform shape \(N,1,1,L\) is required/)
  })
})

describe('registry entries', () => {
  it('register under their names and expose the official keys', () => {
    for (const spec of AV_MODEL_SPECS) registerModel(spec)
    expect(AV_MODEL_SPECS.map((s) => s.name)).toEqual(['avinet-bilinear', 'avinet-concat', 'avinet-transformer', 'avinet-attention', 'stavis', 'stavis-visual', 'soundnet8-avinet', 'soundnet8-stavis'])
    const stavis = getModel('stavis')
    expect(stavis.inputs.map((i) => i.name)).toEqual(['clip', 'waveform'])
    expect(stavis.preprocessing?.target).toBe('centre')
    expect(asText(expectedKeys(stavis))).toEqual(asText(loadKeyList(fixtureModel('stavis'))))
    expect(() => stavis.build([ST_CLIP])).toThrow(/expected 2 input shapes/)
    expect(getModel('avinet-bilinear').preprocessing?.frameSize).toEqual([224, 384])
  })
})
