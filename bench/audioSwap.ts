// Audio-swap study benchmark: one study of four conditions (real, zero, random, shuffled), whose
// clips go through the visual stage once and the audio + fusion stages per condition, against
// four separate inference runs of the same model on the same frames. Reports the ratio of their
// wall times (model load excluded from both) next to the limit the model's own multiply-
// accumulate split allows: (visual + 4·(audio + fusion)) / (4·everything). Target: the measured
// ratio within 10 % of that limit. Data: clips of DHF1K 002 cut from ../shared/data.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppService } from '../src/main/app/service'
import { runStudy } from '../src/main/engine/audioswap/runStudy'
import { inferenceProfile } from '../src/main/engine/inference/profiles'
import { runInference } from '../src/main/engine/inference/runInference'
import { graphCost } from '../src/main/models/graph/flops'
import { planStages } from '../src/main/models/staged/planStages'
import { latestMetrics } from '../src/main/store'
import type { InferenceAudioCondition } from '../src/shared/types'
import { buildRealAvSet } from '../tests/fixtures/audioswap/realAvSet'
import { DATA, round } from './common'

export interface AudioSwapBenchOptions {
  model?: string
  framesPerClip?: number
  threads?: number
}

const CONDITIONS: InferenceAudioCondition[] = ['real', 'zero', 'random', 'shuffled']

/** MACs of each stage of `model` for one clip, and the limit of the reuse ratio for n conditions. */
export function macSplit(model: string, n: number): { stages: Record<string, number>; macLimit: number } {
  const profile = inferenceProfile(model)
  const graph = profile.spec.build(profile.inputShapes(1))
  const stages: Record<string, number> = {}
  let once = 0
  let perCondition = 0
  for (const stage of planStages(graph, profile.spec.stages)) {
    const macs = graphCost(stage.graph).macs
    stages[stage.name] = macs
    // a stage that depends on the waveform runs once per condition
    if (stage.dependsOn.some((input) => input !== profile.spec.inputs[0].name)) perCondition += macs
    else once += macs
  }
  return { stages, macLimit: (once + n * perCondition) / (n * (once + perCondition)) }
}

export async function benchAudioSwap(options: AudioSwapBenchOptions = {}): Promise<unknown> {
  if (!existsSync(join(DATA, 'dhf1k-sample'))) return { skipped: `${join(DATA, 'dhf1k-sample')} not found` }
  const model = options.model ?? 'stavis'
  const threads = options.threads ?? 2
  const set = await buildRealAvSet(DATA, options.framesPerClip ?? 40)
  const dirs = [set.root]
  try {
    const open = async (): Promise<AppService> => {
      const dataDir = mkdtempSync(join(tmpdir(), 'avsal-bench-swap-'))
      dirs.push(dataDir)
      const service = new AppService({ dataDir, host: 'browser', version: 'bench' })
      await service.openDataset(set.root)
      return service
    }
    const base = { datasetRoot: set.root, model, weights: { kind: 'synthetic' as const }, seed: 0, threads, batch: 1 }

    const studyService = await open()
    const report = await runStudy(studyService.store, {
      ...base,
      conditions: CONDITIONS,
      protocol: 'vinet-av',
      cacheDir: studyService.paths.cacheDir,
      studiesDir: studyService.paths.studiesDir
    })
    const metric = latestMetrics(studyService.store, report.runId)
    const value = (key: string): number => metric[key]?.value ?? Number.NaN
    const study = {
      passSeconds: round(value('seconds_pass'), 2),
      loadSeconds: round(value('seconds_load'), 2),
      forwardSeconds: round(value('seconds_forward'), 2),
      decodeSeconds: round(value('seconds_decode'), 2),
      preprocessSeconds: round(value('seconds_preprocess'), 2),
      postprocessSeconds: round(value('seconds_postprocess'), 2),
      wholeStudySeconds: report.seconds
    }
    studyService.close()

    // each separate run in a data folder of its own: it computes its maps instead of finding the study's
    const separate: Record<string, { passSeconds: number; loadSeconds: number; forwardSeconds: number }> = {}
    for (const audio of CONDITIONS) {
      const service = await open()
      const run = await runInference(service.store, { ...base, audio, silentIfNoAudio: true, cacheDir: service.paths.cacheDir })
      separate[audio] = {
        passSeconds: round(run.timing.totalSeconds - run.timing.loadSeconds, 2),
        loadSeconds: round(run.timing.loadSeconds, 2),
        forwardSeconds: round(run.timing.forwardSeconds, 2)
      }
      service.close()
    }
    const separateSeconds = Object.values(separate).reduce((s, r) => s + r.passSeconds, 0)
    const separateForward = Object.values(separate).reduce((s, r) => s + r.forwardSeconds, 0)
    const { stages, macLimit } = macSplit(model, CONDITIONS.length)
    const ratio = study.passSeconds / separateSeconds
    return {
      model,
      conditions: CONDITIONS,
      videos: report.videos.length,
      frames: report.videos.reduce((n, v) => n + v.frames, 0),
      threads,
      macsPerClip: stages,
      macLimit: round(macLimit, 4),
      study,
      separate,
      separateSeconds: round(separateSeconds, 2),
      ratio: round(ratio, 4),
      forwardRatio: round(study.forwardSeconds / separateForward, 4),
      ratioOverLimit: round(ratio / macLimit, 4),
      withinTenPercent: ratio <= macLimit * 1.1
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
