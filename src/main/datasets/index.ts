// Dataset folders: layout detection, indexing into video records, per-frame ground truth.
export { indexDataset } from './indexDataset'
export { readFixationPoints, nonzeroPoints } from './frameData'
export { DatasetError, type DatasetErrorCode } from './errors'
export { readImageHeader, parseImageHeader, ImageHeaderError, type ImageHeader } from './imageHeader'
export type { IndexDeps, IndexOptions, IndexedDataset, NewVideo, VideoProbe } from './types'
