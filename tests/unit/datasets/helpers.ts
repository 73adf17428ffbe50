// Shared bits of the dataset tests (not a test file itself).
import type { DatasetIssue } from '../../../src/shared/types'
import type { IndexDeps, NewVideo, VideoProbe } from '../../../src/main/datasets/types'

export const noProbe: IndexDeps = {
  probeVideo: async (path) => {
    throw new Error(`no video file expected here, asked to probe ${path}`)
  }
}

export function probeOf(fields: Partial<VideoProbe> = {}): VideoProbe {
  return {
    width: 64,
    height: 36,
    fps: 25,
    frameCount: 10,
    durationSeconds: 0.4,
    videoCodec: 'h264',
    hasAudio: false,
    audioCodec: null,
    audioSampleRate: null,
    ...fields
  }
}

export function issue(video: Pick<NewVideo, 'issues'> | { issues: DatasetIssue[] }, code: string): DatasetIssue | undefined {
  return video.issues.find((i) => i.code === code)
}

export function codes(issues: DatasetIssue[]): string[] {
  return issues.map((i) => i.code).sort()
}

export function videoNamed(videos: NewVideo[], name: string): NewVideo {
  const video = videos.find((v) => v.name === name)
  if (!video) throw new Error(`no video ${name} among ${videos.map((v) => v.name).join(', ')}`)
  return video
}
