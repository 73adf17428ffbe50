// What a layout scanner found for one video, before any file is opened: the layout modules
// fill these in from directory listings, buildVideo turns them into records.
import type { DatasetIssue } from '../../shared/types'

export type PlannedFrames = { kind: 'frames'; dir: string; names: string[] } | { kind: 'file'; path: string }

export type PlannedFixations =
  | { kind: 'png'; dir: string; names: string[] }
  | { kind: 'mat'; dir: string; names: string[]; key: string }
  | { kind: 'gaze'; file: string; description: string }
  | { kind: 'none' }

export interface VideoPlan {
  name: string
  group: string | null
  frames: PlannedFrames
  maps: { dir: string; names: string[] } | null
  fixations: PlannedFixations
  /** a separate audio file found for this video (a WAV beside the frames) */
  audioPath: string | null
  /** where the layout expects a separate audio file; a warning names it when it is absent */
  expectedAudioPath?: string
  /** fps and frame count from a fold list, which beat the probe and the default */
  fold: { fps: number; frameCount: number; list: string } | null
  /** what the layout calls frame folders when it has to assume an fps ('DHF1K/UCF frame folders') */
  fpsConvention: string
  /** problems the scanner already saw (a missing maps/ folder, stray files) */
  issues: DatasetIssue[]
}
