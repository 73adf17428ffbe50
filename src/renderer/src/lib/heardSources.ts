// What the heard player shows for one video of an audio-swap study: a panel per source — the GT
// (with the video's own soundtrack, what the eye-tracked viewers heard), the visual-only model
// when the study has one (it hears nothing), and each condition with exactly the audio its
// model heard (the study's heard WAV: silence for zero, the donor's track for shuffled, …).
// Pure: layers and routes in, descriptions out.
import { mediaRoutes } from '../../../shared/api'
import type { AudioSwapReport } from '../../../shared/reports'
import type { LayerInfo } from '../../../shared/types'

export type HeardSourceKind = 'gt' | 'visual' | 'condition'

export interface HeardSource {
  /** 'gt', 'visual', or the condition's name */
  key: string
  kind: HeardSourceKind
  /** the panel's title */
  label: string
  condition: string | null
  /** the layer its panel paints (null: none registered for this video) */
  layerId: string | null
  /** media route of what this panel plays; null when it hears nothing */
  audioRoute: string | null
  /** the video whose soundtrack it plays ('shuffled') */
  donor: string | null
  /** what a listener must know: 'no audio track: real = silence', 'visual-only: hears nothing' */
  notes: string[]
}

export interface HeardVideo {
  id: number
  name: string
  hasAudio: boolean
}

/** The study's prediction layer of `runId` for this video, if it registered one. */
export function layerOfRun(layers: readonly LayerInfo[], videoId: number, runId: string | null | undefined): LayerInfo | null {
  if (!runId) return null
  return layers.find((l) => l.videoId === videoId && l.kind === 'prediction' && l.provenance?.runId === runId) ?? null
}

/** One source per panel, in the order the panels are laid out: GT, visual-only model, conditions. */
export function heardSources(report: AudioSwapReport, video: HeardVideo, layers: readonly LayerInfo[]): HeardSource[] {
  const sources: HeardSource[] = []
  const gt = layers.find((l) => l.videoId === video.id && l.kind === 'gt-map') ?? null
  sources.push({
    key: 'gt',
    kind: 'gt',
    label: 'GT',
    condition: null,
    layerId: gt?.id ?? null,
    audioRoute: video.hasAudio ? mediaRoutes.audio(video.id) : null,
    donor: null,
    notes: [video.hasAudio ? "the video's own soundtrack" : 'no audio track: silent', ...(gt ? [] : ['no GT maps'])]
  })
  if (report.visualModel) {
    const layer = layerOfRun(layers, video.id, report.visualModel.inferRunId)
    sources.push({
      key: 'visual',
      kind: 'visual',
      label: `${report.visualModel.model} (visual only)`,
      condition: null,
      layerId: layer?.id ?? null,
      audioRoute: null,
      donor: null,
      notes: ['visual-only: hears nothing', ...(layer ? [] : ['no maps registered for this video'])]
    })
  }
  const perVideo = report.videos.find((v) => v.videoId === video.id)
  for (const condition of report.conditions) {
    const child = report.children[condition]
    const layer = layerOfRun(layers, video.id, child?.inferRunId)
    const audio = perVideo?.audio[condition]
    const donor = audio?.donor ?? null
    sources.push({
      key: condition,
      kind: 'condition',
      label: donor ? `${condition} ← ${donor}` : condition,
      condition,
      layerId: layer?.id ?? null,
      audioRoute: child ? mediaRoutes.heardAudio(child.inferRunId, video.id) : null,
      donor,
      notes: [...(audio?.flags ?? []), ...(layer ? [] : ['no maps registered for this video'])]
    })
  }
  return sources
}

/** The condition after (or before) `current` in the study's order, wrapping round. */
export function nextCondition(conditions: readonly string[], current: string, direction: 1 | -1 = 1): string {
  if (conditions.length === 0) return current
  const i = conditions.indexOf(current)
  if (i < 0) return conditions[0]
  return conditions[(i + direction + conditions.length) % conditions.length]
}

/** True when the study computed maps for this video (it is one of the report's videos). */
export function studyHasVideo(report: AudioSwapReport, videoId: number): boolean {
  return report.videos.some((v) => v.videoId === videoId)
}
