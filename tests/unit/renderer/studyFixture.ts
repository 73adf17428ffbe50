// A small audio-swap report (3 videos, real / zero / shuffled) shaped like the engine's, for the
// renderer's study tests.
import type { AudioSwapReport, MetricValues, PairedTest } from '../../../src/shared/reports'
import type { LayerInfo } from '../../../src/shared/types'

const metrics = (cc: number): MetricValues => ({ AUC_Judd: 0.8, sAUC: 0.6, NSS: 1.5, CC: cc, SIM: 0.4, KLD: 1.2 })
const test = (p: number | null, meanDelta: number, method: PairedTest['method'] = 'exact'): PairedTest => ({
  n: 3,
  statistic: p === null ? null : 0,
  p,
  method,
  meanDelta,
  ci95: [meanDelta - 0.01, meanDelta + 0.01]
})

export function studyReport(): AudioSwapReport {
  const children = {
    real: { inferRunId: 'run-real', evalRunId: 'eval-real' },
    zero: { inferRunId: 'run-zero', evalRunId: 'eval-zero' },
    shuffled: { inferRunId: 'run-shuffled', evalRunId: 'eval-shuffled' }
  }
  const video = (name: string, videoId: number, silent: boolean, donor: string) => ({
    video: name,
    videoId,
    frames: 16,
    metrics: { real: metrics(0.5), zero: metrics(0.5), shuffled: metrics(0.48) },
    mapDifference: { zero: { meanAbsDiff: 0, maxAbsDiff: 0, cc: 1 }, shuffled: { meanAbsDiff: 0.002, maxAbsDiff: 0.05, cc: 0.98 } },
    audio: {
      real: { donor: null, flags: silent ? ['no audio track: real = silence'] : [] },
      zero: { donor: null, flags: [] },
      shuffled: { donor, flags: [] }
    }
  })
  return {
    runId: '1a2b3c4d-0000-0000-0000-000000000000',
    status: 'done',
    model: 'stavis',
    weightsSha256: 'da63840514010a1d',
    dataset: 'tones',
    protocol: 'vinet-av',
    seed: 0,
    frames: { first: 0, last: 15 },
    conditions: ['real', 'zero', 'shuffled'],
    children,
    visualModel: null,
    videos: [video('silent', 1, true, 'tone-b'), video('tone-a', 2, false, 'tone-b'), video('tone-b', 3, false, 'tone-a')],
    summary: {
      real: { metrics: metrics(0.5), delta: { AUC_Judd: 0, sAUC: 0, NSS: 0, CC: 0, SIM: 0, KLD: 0 } },
      zero: { metrics: metrics(0.5), delta: { AUC_Judd: 0, sAUC: 0, NSS: 0, CC: 0, SIM: 0, KLD: 0 } },
      shuffled: { metrics: { ...metrics(0.48), KLD: 1.25 }, delta: { AUC_Judd: 0, sAUC: 0, NSS: 0, CC: -0.02, SIM: 0, KLD: 0.05 } }
    },
    tests: {
      zero: { CC: test(null, 0, 'none'), KLD: test(null, 0, 'none') },
      shuffled: { CC: test(0.001, -0.02), KLD: test(0.25, 0.05), NSS: test(0.0000312, 0, 'normal') }
    },
    featureNorms: {
      real: { audio: { mean: 1.5848, std: 0.0029, n: 24 }, visual: { mean: 44.3221, std: 23.7146, n: 24 } },
      zero: { audio: { mean: 1.5816, std: 0, n: 24 }, visual: { mean: 44.3221, std: 23.7146, n: 24 } },
      shuffled: { audio: { mean: 1.587, std: 0.0023, n: 24 }, visual: { mean: 44.3221, std: 23.7146, n: 24 } }
    },
    verdict: { zero: 'identical outputs', shuffled: 'significant difference' },
    figure: '/data/studies/1a2b/figure.png',
    notes: ['silent, real: no audio track: real = silence'],
    seconds: 12.5
  }
}

/** The layers listLayers gives for a video of that study: GT and one prediction per condition. */
export function studyLayers(videoId: number): LayerInfo[] {
  const prediction = (condition: string): LayerInfo => ({
    id: `layer-${videoId}-${condition}`,
    videoId,
    label: `stavis · audio ${condition} · synthetic (study 1a2b3c4d)`,
    kind: 'prediction',
    available: 16,
    dir: `/cache/${condition}`,
    provenance: { runId: `run-${condition}`, model: 'stavis', weightsSha256: 'da63', audioCondition: condition }
  })
  return [
    { id: `gt-${videoId}`, videoId, label: 'GT saliency', kind: 'gt-map', available: 16, dir: '/gt', provenance: null },
    // an unrelated inference run's layer must not be taken for a condition's
    { ...prediction('zero'), id: `other-${videoId}`, provenance: { runId: 'some-other-run', model: 'stavis', weightsSha256: 'da63', audioCondition: 'zero' } },
    prediction('real'),
    prediction('zero'),
    prediction('shuffled')
  ]
}
