// One schema per API request, checked at every boundary (Electron IPC, the headless host's HTTP,
// the CLI) before a service sees it. Request types are derived from these schemas, and every
// option (runtime, audio condition, threads, frame range, …) is checked here, once, with one
// message each. The map API_SCHEMAS must name every method of AvsalApi: a method added to the
// contract without its schema does not compile.
import * as v from 'valibot'
import { AppError } from './errors'

/**
 * What an audio-visual model hears: its own track, silence, Gaussian noise at the track's RMS,
 * Rule 30 cellular-automaton noise (the thesis's "Wolfram" audio), another video's track, or a
 * file the user picks. Every condition is reproducible from the run record (seed, donor, file hash).
 */
export const AUDIO_CONDITION_NAMES = ['real', 'zero', 'random', 'wolfram', 'shuffled', 'file'] as const
export type InferenceAudioCondition = (typeof AUDIO_CONDITION_NAMES)[number]
export const RUNTIME_NAMES = ['ort', 'tfjs'] as const
export type RuntimeChoice = (typeof RUNTIME_NAMES)[number]

export const OPTION_MESSAGES = {
  runtime: `runtime must be one of ${RUNTIME_NAMES.join(', ')}`,
  audio: `audio condition must be one of ${AUDIO_CONDITION_NAMES.join(', ')}`,
  threads: 'threads must be an integer from 1 to 256',
  batch: 'batch (clips per forward pass) must be an integer from 1 to 256',
  seed: 'seed must be an integer from 0 to 2^31−1',
  frames: 'frame range must be FIRST-LAST with 0 ≤ FIRST ≤ LAST: 0-based and inclusive, as the viewer shows (0-63 is the first 64 frames)',
  videos: 'videos must be a list of video names',
  limit: 'limit must be an integer from 1 to 100000'
} as const

/** Messages of a request object itself: a missing field, an unknown one, not an object at all. */
const requestMessage =
  (what: string) =>
  (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === 'never') return `${what} has no option ${issue.received}`
    if (issue.received === 'undefined' && issue.expected?.startsWith('"')) return `${what} needs ${issue.expected}`
    return `${what} must be an object with named options, got ${issue.received}`
  }

const idOf = (what: string) =>
  v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`), v.minValue(1, `${what} must be ≥ 1`))
const text = (what: string) => v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} must not be empty`))
const boundedInt = (min: number, max: number, message: string) => v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message))

export const RuntimeSchema = v.picklist(RUNTIME_NAMES, OPTION_MESSAGES.runtime)
export const AudioConditionSchema = v.picklist(AUDIO_CONDITION_NAMES, OPTION_MESSAGES.audio)
export const ThreadsSchema = boundedInt(1, 256, OPTION_MESSAGES.threads)
export const BatchSchema = boundedInt(1, 256, OPTION_MESSAGES.batch)
export const SeedSchema = boundedInt(0, 2 ** 31 - 1, OPTION_MESSAGES.seed)
export const VideoNamesSchema = v.array(text('a video name'), OPTION_MESSAGES.videos)

const frameIndex = boundedInt(0, Number.MAX_SAFE_INTEGER, OPTION_MESSAGES.frames)
/** Frames FIRST…LAST of every chosen video, 0-based and inclusive (the viewer's numbering). */
export const FrameRangeSchema = v.pipe(
  v.strictObject({ first: frameIndex, last: frameIndex }, OPTION_MESSAGES.frames),
  v.check((r) => r.first <= r.last, OPTION_MESSAGES.frames)
)
export type FrameRange = v.InferOutput<typeof FrameRangeSchema>

/** `A-B` (or a single frame `A`), as typed on the command line or in a form. */
export function parseFrameRange(input: string): FrameRange {
  const m = /^\s*(\d+)\s*(?:[-–:]\s*(\d+))?\s*$/.exec(input)
  const range = m ? { first: Number(m[1]), last: Number(m[2] ?? m[1]) } : null
  if (!range || !v.is(FrameRangeSchema, range)) throw new AppError('bad-argument', `${OPTION_MESSAGES.frames}; got ${JSON.stringify(input)}`)
  return range
}

export const EvaluationRequestSchema = v.strictObject({
  datasetId: idOf('datasetId'),
  /** folder of predicted maps (per-video sub-folders, or the maps of a single video) */
  predDir: text('the prediction folder'),
  videos: v.optional(VideoNamesSchema),
  frames: v.optional(FrameRangeSchema),
  /** evaluation preset id (see listPresets); default 'vinet-av' */
  protocol: v.optional(text('protocol')),
  jitter: v.optional(v.boolean('jitter must be true or false')),
  seed: v.optional(SeedSchema),
  /** scoring worker threads (default: one per core, up to 8) */
  threads: v.optional(ThreadsSchema),
  /** the audio condition the maps were made under, when they are not an inference run's own */
  audioCondition: v.optional(v.picklist([...AUDIO_CONDITION_NAMES, 'none'], `${OPTION_MESSAGES.audio} (or none)`)),
  label: v.optional(v.pipe(v.string('label must be text'), v.trim()))
}, requestMessage('an evaluation request'))
export type EvaluationRequest = v.InferOutput<typeof EvaluationRequestSchema>

export const InferenceRequestSchema = v.pipe(v.strictObject({
  datasetId: idOf('datasetId'),
  model: text('model'),
  /** checkpoint path (torch.save), or 'synthetic' for the deterministic test weights; omit for baselines */
  weights: v.optional(v.pipe(v.string('weights must be a path'), v.trim())),
  videos: v.optional(VideoNamesSchema),
  frames: v.optional(FrameRangeSchema),
  /** audio-visual models only (default 'real') */
  audio: v.optional(AudioConditionSchema),
  /** the audio file of the 'file' condition (anything ffmpeg decodes) */
  audioFile: v.optional(text('the audio file')),
  runtime: v.optional(RuntimeSchema),
  threads: v.optional(ThreadsSchema),
  /** clips per forward pass (default 1) */
  batch: v.optional(BatchSchema),
  /** seeds 'random', 'wolfram' and 'shuffled' audio (default 0) */
  seed: v.optional(SeedSchema),
  /** also copy the maps to OUT/<video>/ under the GT/frame file names */
  outDir: v.optional(text('the output folder')),
  label: v.optional(v.pipe(v.string('label must be text'), v.trim()))
}, requestMessage('an inference request')),
  v.check((r) => r.audio !== 'file' || r.audioFile !== undefined, "the 'file' condition needs audioFile (the audio to play to the model)")
)
export type InferenceRequest = v.InferOutput<typeof InferenceRequestSchema>

/** A visual-only model shown (and scored) next to the conditions, for comparison. */
export const VisualModelSchema = v.strictObject(
  { model: text('the visual-only model'), weights: v.optional(v.pipe(v.string('weights must be a path'), v.trim())) },
  requestMessage('the visual-only model')
)

export const AudioSwapRequestSchema = v.pipe(
  v.strictObject(
    {
      datasetId: idOf('datasetId'),
      /** an audio-visual model (AViNet variants, STAViS) */
      model: text('model'),
      weights: v.optional(v.pipe(v.string('weights must be a path'), v.trim())),
      videos: v.optional(VideoNamesSchema),
      frames: v.optional(FrameRangeSchema),
      /** 'real' is always added: every other condition is compared against it */
      conditions: v.pipe(v.array(AudioConditionSchema, OPTION_MESSAGES.audio), v.minLength(1, 'an audio-swap study needs at least one condition besides real')),
      audioFile: v.optional(text('the audio file')),
      seed: v.optional(SeedSchema),
      protocol: v.optional(text('protocol')),
      runtime: v.optional(RuntimeSchema),
      threads: v.optional(ThreadsSchema),
      batch: v.optional(BatchSchema),
      visualModel: v.optional(VisualModelSchema),
      /** frames of the figure (0-based); default: where the conditions differ most */
      figureFrames: v.optional(v.array(boundedInt(0, Number.MAX_SAFE_INTEGER, 'figure frames must be frame indices ≥ 0'))),
      label: v.optional(v.pipe(v.string('label must be text'), v.trim()))
    },
    requestMessage('an audio-swap request')
  ),
  v.check((r) => !r.conditions.includes('file') || r.audioFile !== undefined, "the 'file' condition needs audioFile (the audio to play to the model)")
)
export type AudioSwapRequest = v.InferOutput<typeof AudioSwapRequestSchema>

export const RUN_KIND_NAMES = ['infer', 'eval', 'train', 'study'] as const
export const RUN_STATUS_NAMES = ['queued', 'running', 'stopping', 'stopped-resumable', 'interrupted', 'failed', 'done', 'cancelled'] as const

export const RunFilterSchema = v.strictObject({
  kind: v.optional(v.picklist(RUN_KIND_NAMES, `run kind must be one of ${RUN_KIND_NAMES.join(', ')}`)),
  status: v.optional(v.picklist(RUN_STATUS_NAMES, `run status must be one of ${RUN_STATUS_NAMES.join(', ')}`)),
  datasetId: v.optional(idOf('datasetId')),
  parentRunId: v.optional(text('parentRunId')),
  limit: v.optional(boundedInt(1, 100_000, OPTION_MESSAGES.limit))
}, requestMessage('a run filter'))
export type RunFilterRequest = v.InferOutput<typeof RunFilterSchema>

const videoId = idOf('videoId')
const runId = text('run id')
const jobId = text('job id')

/** Arguments of every API method, as a tuple schema. */
export const API_SCHEMAS = {
  appInfo: v.strictTuple([]),
  listDatasets: v.strictTuple([]),
  openDataset: v.strictTuple([text('the dataset folder')]),
  recentDatasets: v.strictTuple([]),
  listVideos: v.strictTuple([idOf('datasetId')]),
  getVideo: v.strictTuple([videoId]),
  getFrame: v.strictTuple([videoId, boundedInt(0, Number.MAX_SAFE_INTEGER, 'frame index must be an integer ≥ 0')]),
  listLayers: v.strictTuple([videoId]),
  addPredictionLayer: v.strictTuple([videoId, text('the prediction folder'), v.optional(v.pipe(v.string('label must be text'), v.trim()))]),
  prepareVideo: v.strictTuple([videoId]),
  listPresets: v.strictTuple([]),
  startEvaluation: v.strictTuple([EvaluationRequestSchema]),
  cancelJob: v.strictTuple([jobId]),
  stopJob: v.strictTuple([jobId]),
  listJobs: v.strictTuple([]),
  listRuns: v.strictTuple([v.optional(RunFilterSchema)]),
  getRun: v.strictTuple([runId]),
  resumeRun: v.strictTuple([runId]),
  getEvaluation: v.strictTuple([runId]),
  startAudioSwap: v.strictTuple([AudioSwapRequestSchema]),
  getAudioSwapReport: v.strictTuple([runId]),
  mapDifferences: v.strictTuple([runId, videoId]),
  frameMetrics: v.strictTuple([videoId]),
  listModels: v.strictTuple([]),
  startInference: v.strictTuple([InferenceRequestSchema])
} as const

/** Where in the input a problem is ('frames.first'; an API call's argument index dropped). */
function describePath(issue: v.BaseIssue<unknown>): string {
  const path = (v.getDotPath(issue) ?? '').replace(/^\d+(\.|$)/, '')
  return path ? `${path}: ` : ''
}

/**
 * Parses `input` with `schema` or throws AppError('bad-argument'): the first problem's own message
 * (every option's message names the option), all problems with where they are in the details.
 */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input)
  if (result.success) return result.output
  const problems = result.issues.map((issue) => `${describePath(issue)}${issue.message}`)
  const first = result.issues[0]
  const leaf = describePath(first).replace(/: $/, '').split('.').pop() ?? ''
  // option messages name their option; others (an unknown key, a wrong type) need the path
  const message = leaf && !first.message.includes(leaf) ? problems[0] : first.message
  throw new AppError('bad-argument', `${what}: ${message}`, problems)
}
