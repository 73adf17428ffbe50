import type { FixationPoint } from '../../../shared/types'

/** One gaze point of one viewer on one video frame, in video pixel coordinates. */
export interface FramePoint {
  frame: number
  x: number
  y: number
  viewer: string
}

/** Which raw samples count: fixations only (default), or every sample with a valid gaze position. */
export type SampleFilter = 'fixation' | 'valid'

/** What parsing one viewer's raw file produced. */
export interface ViewerGaze {
  viewer: string
  /** one point per frame: the mean of that frame's kept samples */
  points: FramePoint[]
  /** data rows read (malformed rows included) */
  samplesRead: number
  /** samples that passed every filter and went into a point */
  samplesKept: number
  /** rows that could not be parsed */
  malformed: number
  /** kept-kind samples dropped because they fell outside the video frame */
  droppedOutside: number
  /** kept-kind samples without a gaze position (the tracker writes 0,0 when it loses the eye) */
  droppedNoGaze: number
  /** kept-kind samples dropped because they fell after `frameCount` */
  droppedAfterEnd: number
  /** problems worth a look (malformed lines, nothing usable); routine drops are only counted */
  warnings: string[]
}

/** The result of importing a folder of raw gaze files for one video. */
export interface GazeImport {
  /** frame index (0-based) → one point per viewer who looked at something on that frame; keys ascending */
  frames: Map<number, FixationPoint[]>
  /** viewers with at least one file read, sorted */
  viewers: string[]
  samplesRead: number
  samplesKept: number
  warnings: string[]
}

/** Video geometry shared by the importers. */
export interface VideoGeometry {
  /** frames per second of the video (used to turn sample times into frame indices) */
  fps: number
  videoWidth: number
  videoHeight: number
  /** when given, samples on frames ≥ frameCount are dropped */
  frameCount?: number
}
