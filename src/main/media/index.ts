// The media layer: ffmpeg/ffprobe resolution, probing, frame cache, raw decode, audio, file serving.
export { summariseStderr, stderrLines } from './errors'
export {
  resolveFfmpeg,
  findFfmpeg,
  INSTALL_HINT,
  type FfmpegBinaries,
  type FfmpegSource,
  type ResolveDeps
} from './ffmpegPath'
export { probeVideo, probeAudio, type AudioStreamInfo } from './probe'
export type { VideoProbe } from './probeJson'
export {
  FrameCache,
  openFrameCache,
  frameCacheKey,
  COMPLETE_MARKER,
  type FrameCacheOptions,
  type FrameCacheProgress,
  type FrameCacheSummary,
  type FrameCacheState
} from './frameCache'
export { frameFileName } from './frameFiles'
export { openRgbFrameStream, type RgbFrameStream } from './rgbStream'
export { decodeFramesRgb, ffmpegNullDecodeSeconds, FrameChunker, type RgbDecodeResult, type RgbDecodeSize } from './decodeRaw'
export { extractAudioForPlayback, extractAudioPcm, type PlaybackAudio, type PcmOptions } from './audio'
export { parseRange, type ByteRange } from './httpRange'
export { resolveInside, realPathInside } from './safePath'
export { contentTypeFor } from './contentType'
export { sendFile, mediaFileResponse, toWebResponse, type MediaFileResponse, type MediaRequestOptions } from './serveFile'
export { FrameProvider } from './frameProvider'
