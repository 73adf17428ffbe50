// Dataset folders: layout detection, indexing into video records, per-frame ground truth.
export { indexDataset } from './indexDataset'
export { readFixationPoints, nonzeroPoints } from './frameData'
export { readImageHeader, parseImageHeader, isImageHeaderError, type ImageHeader } from './imageHeader'
export type { IndexDeps, IndexOptions, IndexedDataset, NewVideo, VideoProbe } from './types'
