// Every registered saliency model run stage by stage on ONNX Runtime with the synthetic weights
// equals its whole graph (the released input where the model fixes it, a small clip otherwise);
// for the audio-visual models, the visual stage run once and the audio + fusion stages run with
// two different waveforms equal two whole-graph runs.
import { describe, expect, it } from 'vitest'
import { getModel, modelNames } from '../../../src/main/models/architectures'
import { createExecutor, type ExecutorOptions, type Float32Tensor, type Graph, type ParamSpec } from '../../../src/main/models/graph'
import { ensureRuntime } from '../../../src/main/models/predict'
import { createStagedExecutor } from '../../../src/main/models/staged'
import { syntheticInput, syntheticTensor } from '../../../src/main/models/syntheticWeights'
import { maxAbsDiff } from './helpers'

const TOLERANCE = 1e-5
const ORT: ExecutorOptions = { threads: 2, preferGpu: false }

const CLIP_SMALL = [1, 3, 32, 64, 96]
const STAVIS_CLIP = [1, 3, 16, 112, 112]
const AVINET_CLIP = [1, 3, 32, 224, 384]

/** input shapes per model: small where the model allows it; AViNet's fusion fixes 224×384 */
const CASES: Record<string, number[][]> = {
  vinet: [CLIP_SMALL],
  'center-bias': [CLIP_SMALL],
  'stavis-visual': [STAVIS_CLIP],
  stavis: [STAVIS_CLIP, [1, 1, 1, 35280]],
  'avinet-bilinear': [AVINET_CLIP, [1, 1, 70560, 1]],
  'avinet-concat': [AVINET_CLIP, [1, 1, 70560, 1]],
  'avinet-transformer': [AVINET_CLIP, [1, 1, 70560, 1]],
  'avinet-attention': [AVINET_CLIP, [1, 1, 70560, 1]]
}

/** the four AViNet fusions share the S3D, SoundNet and decoder keys: make each tensor once */
const made = new Map<string, Float32Tensor>()
function weightsFor(params: readonly ParamSpec[]): Map<string, Float32Tensor> {
  return new Map(
    params.map((p) => {
      const id = `${p.key}:${p.shape.join(',')}`
      const t = made.get(id) ?? syntheticTensor(p.key, p.shape)
      made.set(id, t)
      return [p.key, t]
    })
  )
}

function feedsOf(graph: Graph): Record<string, Float32Tensor> {
  return Object.fromEntries(graph.inputs.map((io) => [io.name, syntheticInput(io.shape)]))
}

/** a second soundtrack: another tone, so the map must change if the model listens */
function otherWaveform(t: Float32Tensor): Float32Tensor {
  return { shape: t.shape, data: t.data.map((_, i) => 3 * Math.sin(0.011 * i) + 0.5) }
}

function expectClose(got: Float32Tensor, want: Float32Tensor, what: string): void {
  expect(got.shape, what).toEqual(want.shape)
  expect(maxAbsDiff(got.data, want.data), what).toBeLessThanOrEqual(TOLERANCE)
}

describe('staged models equal their whole graphs (ONNX Runtime, synthetic weights)', () => {
  it('covers every registered saliency model', () => {
    expect(Object.keys(CASES).sort()).toEqual(modelNames().filter((name) => getModel(name).saliency).sort())
  })

  for (const [model, shapes] of Object.entries(CASES)) {
    const hears = shapes.length > 1
    it(`${model}: ${hears ? 'visual stage once, audio + fusion per waveform, equal to whole-graph runs' : 'stages chained by run() equal the whole graph'}`, async () => {
      ensureRuntime('ort')
      const spec = getModel(model)
      const graph = spec.build(shapes)
      const weights = weightsFor(graph.params)
      const whole = await createExecutor('ort', graph, weights, ORT)
      const staged = await createStagedExecutor('ort', spec, shapes, weights, ORT)
      try {
        const feeds = feedsOf(graph)
        const expected = await whole.run(feeds)
        const outputs = graph.outputs.map((o) => o.name)
        // each stage gets only its own parameters, and no node runs in two stages
        const stageParams = staged.stages.flatMap((s) => s.graph.params.map((p) => p.key))
        expect(new Set(stageParams).size).toBe(stageParams.length)
        const stageNodes = staged.stages.flatMap((s) => s.graph.nodes.map((n) => n.output))
        expect(new Set(stageNodes).size).toBe(stageNodes.length)
        // run() chains runStage; a full AViNet clip is costly, so it is checked where the clip is small
        if (!model.startsWith('avinet-')) {
          const got = await staged.run(feeds)
          expect(Object.keys(got).sort()).toEqual([...outputs].sort())
          for (const name of outputs) expectClose(got[name], expected[name], `${model} ${name}`)
        }
        if (!hears) return

        expect(staged.stages.map((s) => [s.name, s.dependsOn])).toEqual([
          ['visual', ['clip']],
          ['audio', ['waveform']],
          ['fusion', ['clip', 'waveform']]
        ])
        const feeds2 = { ...feeds, waveform: otherWaveform(feeds.waveform) }
        const expected2 = await whole.run(feeds2)
        const visual = await staged.runStage('visual', { clip: feeds.clip })
        for (const [audioFeeds, want, label] of [[feeds, expected, 'first'], [feeds2, expected2, 'second']] as const) {
          const audio = await staged.runStage('audio', { waveform: audioFeeds.waveform })
          const fused = await staged.runStage('fusion', { ...visual, ...audio })
          for (const name of outputs) expectClose(fused[name], want[name], `${model} ${name}, ${label} waveform`)
        }
        // the swap is a real test only if the audio changes the map
        expect(maxAbsDiff(expected.saliency.data, expected2.saliency.data)).toBeGreaterThan(1e-7)
      } finally {
        await whole.dispose()
        await staged.dispose()
      }
    }, 60_000)
  }
})
