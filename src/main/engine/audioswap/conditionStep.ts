// One batch of an audio-swap study: the visual stage once, then per audio condition the audio
// and fusion stages — so a clip's visual features are computed once however many conditions
// are asked. Every condition's map is written to its own cache folder, compared with real's map
// of the same frame, and the features the fusion combines are measured (their L2 norms).
import { AppError } from '../../../shared/errors'
import type { VideoRecord } from '../../../shared/types'
import type { StagedExecutor } from '../../models/staged'
import type { Float32Tensor } from '../../models/graph/types'
import type { MapDifferenceRow } from '../../store'
import type { ClipPlan } from '../inference/clips'
import type { ByteMap } from '../inference/postprocess'
import type { InferenceProfile } from '../inference/profiles'
import { forward, now, postprocessSlot, writeTargets, type ClipBatch, type StageSeconds } from '../inference/videoPass'
import { pooledNorm, type FeatureNormLog } from './featureNorms'
import { compareMaps } from './mapCompare'

/** One audio condition's share of the pass: where its maps go and what it hears. */
export interface ConditionLane {
  condition: string
  dir: string
  /** done[i] = 1: frame i is not written (outside the range) */
  done: Uint8Array
  fillAudio(out: Float32Array, clip: ClipPlan): void
  wrote(frame: number): void
}

export interface StudyStepOptions {
  video: VideoRecord
  profile: InferenceProfile
  executor: StagedExecutor
  batch: number
  /** real first: the others are compared with it */
  lanes: readonly ConditionLane[]
  /** the features the fusion stage combines (stage outputs) */
  fused: { visual: string; audio: string }
  norms: FeatureNormLog
  seconds: StageSeconds
  /** frames whose differences are kept (the study's range) */
  inRange(frame: number): boolean
  differences(rows: MapDifferenceRow[]): void
}

export function studyStep(options: StudyStepOptions): (batch: ClipBatch) => Promise<void> {
  const { video, profile, executor, lanes, fused } = options
  const L = profile.audioSamples
  const [clipInput, waveformInput] = profile.spec.inputs.map((i) => i.name)
  if (L === null || !waveformInput) throw new AppError('bad-argument', `${profile.spec.name} does not hear audio: an audio-swap study needs an audio-visual model`)
  if (lanes[0]?.condition !== 'real') throw new AppError('internal', "an audio-swap pass needs the 'real' condition first")
  const waveform: Float32Tensor = { shape: profile.inputShapes(options.batch)[1], data: new Float32Array(options.batch * L) }
  const seconds = options.seconds

  return async (batch: ClipBatch): Promise<void> => {
    const count = batch.clips.length
    let t0 = now()
    const visual = await forward(executor, video, batch.clips, () => executor.runStage('visual', { [clipInput]: batch.clip }))
    let t1 = now()
    seconds.forward += t1 - t0
    for (let b = 0; b < count; b++) options.norms.addVisual(pooledNorm(visual[fused.visual], b))
    const maps: ByteMap[][] = []
    for (const lane of lanes) {
      t0 = now()
      waveform.data.fill(0)
      batch.clips.forEach((clip, b) => lane.fillAudio(waveform.data.subarray(b * L, (b + 1) * L), clip))
      t1 = now()
      seconds.preprocess += t1 - t0
      const audio = await forward(executor, video, batch.clips, () => executor.runStage('audio', { [waveformInput]: waveform }))
      const fusion = await forward(executor, video, batch.clips, () => executor.runStage('fusion', { ...visual, ...audio }))
      t0 = now()
      seconds.forward += t0 - t1
      const out = fusion[profile.spec.output]
      if (!out) throw new AppError('forward-failed', `${profile.spec.name}: the fusion stage gave no '${profile.spec.output}'`)
      const laneMaps: ByteMap[] = []
      for (let b = 0; b < count; b++) {
        options.norms.addAudio(lane.condition, pooledNorm(audio[fused.audio], b))
        const map = postprocessSlot(profile, out, b, video)
        laneMaps.push(map)
        await writeTargets(lane.dir, batch.clips[b].targets, map, lane.done, lane.wrote)
      }
      maps.push(laneMaps)
      seconds.postprocess += now() - t0
    }
    const rows: MapDifferenceRow[] = []
    for (let b = 0; b < count; b++) {
      for (let k = 1; k < lanes.length; k++) {
        const distance = compareMaps(maps[k][b], maps[0][b])
        for (const frame of batch.clips[b].targets) {
          if (options.inRange(frame)) rows.push({ videoId: video.id, frame, condition: lanes[k].condition, ...distance })
        }
      }
    }
    if (rows.length) options.differences(rows)
  }
}
