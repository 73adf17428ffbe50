import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeAudio, probeVideo } from '../../../src/main/media/probe'
import { chooseFps, parseProbeJson, parseRate } from '../../../src/main/media/probeJson'
import { CLIP_FPS, CLIP_FRAMES, CLIP_HEIGHT, CLIP_WIDTH, makeTestClips, type TestClips } from './clips'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const DHF1K_002_REL = 'dhf1k-sample/video/002.AVI'
const DHF1K_002 = dataPath(DHF1K_002_REL)

async function mediaErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected a AppError, got success')
}

describe('probeVideo on generated clips', () => {
  let clips: TestClips
  beforeAll(() => {
    clips = makeTestClips()
  })
  afterAll(() => clips.cleanup())

  it('reads an H.264 + AAC MP4', async () => {
    const probe = await probeVideo(clips.mp4)
    expect(probe).toMatchObject({
      width: CLIP_WIDTH,
      height: CLIP_HEIGHT,
      fps: CLIP_FPS,
      frameCount: CLIP_FRAMES,
      frameCountSource: 'packets',
      videoCodec: 'h264',
      hasAudio: true,
      audioCodec: 'aac',
      audioSampleRate: 44100,
      rotation: 0
    })
    expect(probe.durationSeconds).toBeCloseTo(2, 1)
  })

  it('reads an MPEG-4 Part 2 (XVID) AVI with MP3', async () => {
    const probe = await probeVideo(clips.avi)
    expect(probe).toMatchObject({
      container: 'avi',
      width: CLIP_WIDTH,
      height: CLIP_HEIGHT,
      fps: CLIP_FPS,
      frameCount: CLIP_FRAMES,
      videoCodec: 'mpeg4',
      hasAudio: true,
      audioCodec: 'mp3',
      audioSampleRate: 44100
    })
  })

  it('counts frames of a WebM whose header has no frame count, and reports no audio', async () => {
    const probe = await probeVideo(clips.silent)
    expect(probe).toMatchObject({ frameCount: CLIP_FRAMES, frameCountSource: 'packets', declaredFrameCount: null, videoCodec: 'vp8' })
    expect(probe).toMatchObject({ hasAudio: false, audioCodec: null, audioSampleRate: null })
  })

  it('flags a truncated AVI: the header still declares every frame, only half the packets remain', async () => {
    const probe = await probeVideo(clips.truncated)
    expect(probe.declaredFrameCount).toBeGreaterThanOrEqual(CLIP_FRAMES)
    expect(probe.frameCount).toBeLessThan(CLIP_FRAMES * 0.75)
    expect(probe.frameCount).toBeGreaterThan(CLIP_FRAMES * 0.25)
    expect(probe.warnings.join(' ')).toMatch(/file truncated\?/)
  })

  it('rejects bytes of no media format as undecodable with ffprobe’s reason', async () => {
    const error = await mediaErrorOf(probeVideo(clips.notVideo))
    expect(error.code).toBe('undecodable')
    expect(error.message).toContain('garbage.bin')
    expect(error.message).toMatch(/Invalid data/i)
  })

  it('rejects a text file and a still image, which ffmpeg would read as video', async () => {
    const text = await mediaErrorOf(probeVideo(clips.textFile))
    expect(text.code).toBe('undecodable')
    expect(text.message).toMatch(/notes\.txt: is a text file/)
    const still = await mediaErrorOf(probeVideo(clips.stillImage))
    expect(still.code).toBe('undecodable')
    expect(still.message).toMatch(/still\.jpg: is a still image/)
  })

  it('rejects an audio-only file: no video stream', async () => {
    const error = await mediaErrorOf(probeVideo(clips.audioOnly))
    expect(error.code).toBe('undecodable')
    expect(error.message).toMatch(/no video stream \(found: audio pcm_s16le\)/)
  })

  it('reports a missing file as not-found', async () => {
    const error = await mediaErrorOf(probeVideo(`${clips.dir}/absent.mp4`))
    expect(error.code).toBe('not-found')
    expect(error.message).toContain('absent.mp4')
  })

  it('probeAudio finds audio in a video and in a WAV, and null in a silent video', async () => {
    expect(await probeAudio(clips.avi)).toEqual({ codec: 'mp3', sampleRate: 44100, channels: 1 })
    expect(await probeAudio(clips.audioOnly)).toMatchObject({ codec: 'pcm_s16le', sampleRate: 44100 })
    expect(await probeAudio(clips.silent)).toBeNull()
  })
})

describe('probe JSON interpretation', () => {
  it('parses rational rates', () => {
    expect(parseRate('30000/1001')).toBeCloseTo(29.97003, 5)
    expect(parseRate('25/1')).toBe(25)
    expect(parseRate('24')).toBe(24)
    expect(parseRate('0/0')).toBeNull()
    expect(parseRate(undefined)).toBeNull()
  })

  it('takes r_frame_rate when it agrees with the average, the average when r is a timebase', () => {
    expect(chooseFps('30000/1001', '2997/100')).toBeCloseTo(29.97003, 5)
    // chaplin.mp4 from moviepy: r_frame_rate=90000/1, avg_frame_rate=750000/71393
    expect(chooseFps('90000/1', '750000/71393')).toBeCloseTo(10.5052, 3)
    expect(chooseFps('0/0', '25/1')).toBe(25)
  })

  it('swaps width and height for a video rotated by a quarter turn, and skips cover art', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
        {
          codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, r_frame_rate: '30/1', avg_frame_rate: '30/1',
          nb_frames: '90', nb_read_packets: '90', duration: '3.0', side_data_list: [{ rotation: -90 }]
        }
      ],
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '3.0' }
    })
    const probe = parseProbeJson('/x/phone.mp4', json)
    expect(probe).toMatchObject({ width: 1080, height: 1920, rotation: 270, videoCodec: 'h264', frameCount: 90, hasAudio: false })
  })

  it('falls back to duration × fps and says so', () => {
    const json = JSON.stringify({ streams: [{ codec_type: 'video', width: 8, height: 8, r_frame_rate: '10/1', duration: '1.5' }] })
    const probe = parseProbeJson('/x/y.mkv', json)
    expect(probe).toMatchObject({ frameCount: 15, frameCountSource: 'duration' })
    expect(probe.warnings[0]).toMatch(/estimated/)
  })
})

describeWithData(DHF1K_002_REL, 'probeVideo on the real DHF1K video 002.AVI', () => {
  it('reads XviD 640×360 at 30 fps, 783 frames, with MP3 audio', async () => {
    const probe = await probeVideo(DHF1K_002)
    expect(probe).toMatchObject({
      width: 640,
      height: 360,
      fps: 30,
      frameCount: 783,
      declaredFrameCount: 783,
      videoCodec: 'mpeg4',
      hasAudio: true,
      audioCodec: 'mp3',
      audioSampleRate: 44100,
      audioChannels: 2
    })
    expect(probe.durationSeconds).toBeCloseTo(26.1, 2)
    expect(probe.warnings).toEqual([])
  })
})
