import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as jpeg from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { decodeImage, encodePngGray8, encodePngRgb8, sniffImageFormat, toGrayFloat } from '../../../src/main/formats/image'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats')
const UCF_REL = 'ucf-sports/testing/Diving-Side-001'
const MIT_REL = 'images/mit1003-samples/code_forVisualization/demo_ims'

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  png: Record<string, { width: number; height: number; channels: number; data: number[] }>
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

function catchAppError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a AppError, nothing was thrown')
}

describe('decodeImage: PNG colour types and depths', () => {
  for (const [name, want] of Object.entries(expected.png)) {
    it(name, () => {
      const img = decodeImage(fixture(name), name)
      expect({ width: img.width, height: img.height, channels: img.channels }).toEqual({
        width: want.width,
        height: want.height,
        channels: want.channels
      })
      expect(Array.from(img.data)).toEqual(want.data)
    })
  }
})

describe('PNG encode', () => {
  it('gray8 round-trips and stays one channel', () => {
    const data = Uint8Array.from({ length: 5 * 3 }, (_, i) => i * 17)
    const img = decodeImage(encodePngGray8(5, 3, data))
    expect(img.channels).toBe(1)
    expect(Array.from(img.data)).toEqual(Array.from(data))
  })
  it('rgb8 round-trips', () => {
    const data = Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => 255 - i * 7)
    const img = decodeImage(encodePngRgb8(4, 2, data))
    expect(img.channels).toBe(3)
    expect(Array.from(img.data)).toEqual(Array.from(data))
  })
  it('refuses data of the wrong length', () => {
    expect(() => encodePngGray8(2, 2, new Uint8Array(3))).toThrow(/needs 4 bytes, got 3/)
  })
})

describe('JPEG decode (sniffed by magic, not name)', () => {
  it('decodes an RGB JPEG written by jpeg-js', () => {
    const rgba = new Uint8Array(8 * 8 * 4)
    for (let p = 0; p < 64; p++) rgba.set([200, 40, 40, 255], p * 4)
    const file = new Uint8Array(jpeg.encode({ width: 8, height: 8, data: rgba }, 95).data)
    expect(sniffImageFormat(file)).toBe('jpeg')
    const img = decodeImage(file, 'frame.png')
    expect([img.width, img.height, img.channels]).toEqual([8, 8, 3])
    expect(Math.abs(img.data[0] - 200)).toBeLessThan(6)
    expect(Math.abs(img.data[1] - 40)).toBeLessThan(6)
  })
})

describe('toGrayFloat', () => {
  it('takes channel 0 of RGB copies, exactly', () => {
    const gray = toGrayFloat({ width: 2, height: 1, channels: 3, data: Uint8Array.from([10, 99, 99, 250, 0, 0]) })
    expect(Array.from(gray)).toEqual([10, 250])
  })
  it('is the identity for one-channel images', () => {
    expect(Array.from(toGrayFloat(decodeImage(fixture('gray8.png'))))).toEqual(expected.png['gray8.png'].data)
  })
})

describe('decodeImage errors', () => {
  it('names the path for truncated PNG and JPEG', () => {
    const png = fixture('rgb8.png')
    const err = catchAppError(() => decodeImage(png.subarray(0, png.length - 20), '/maps/0001.png'))
    expect(err.code).toBe('image-corrupt')
    expect(err.message).toContain('/maps/0001.png')
    const rgba = new Uint8Array(16 * 16 * 4).fill(128)
    const jpg = new Uint8Array(jpeg.encode({ width: 16, height: 16, data: rgba }, 90).data)
    const jerr = catchAppError(() => decodeImage(jpg.subarray(0, 30), 'f.jpg'))
    expect(jerr.code).toBe('image-corrupt')
    expect(jerr.path).toBe('f.jpg')
  })
  it('reports a damaged PNG body as corrupt', () => {
    const png = fixture('gray16.png').slice()
    png[png.length - 20] ^= 0xff // inside IDAT → CRC mismatch
    expect(catchAppError(() => decodeImage(png, 'x.png')).code).toBe('image-corrupt')
  })
  it('rejects other formats with the first bytes in the message', () => {
    const err = catchAppError(() => decodeImage(new TextEncoder().encode('GIF89a....'), 'a.gif'))
    expect(err.code).toBe('image-unknown-format')
    expect(err.message).toContain('47 49 46')
    expect(catchAppError(() => decodeImage(new Uint8Array(0))).message).toContain('empty')
  })
})

describeWithData([UCF_REL, MIT_REL], 'decodeImage on real dataset files', () => {
  const ucf = dataPath(UCF_REL)
  it('UCF frames (RGB PNG), GT maps and fixation maps (gray PNG)', () => {
    const frame = decodeImage(new Uint8Array(readFileSync(join(ucf, 'images/Diving-Side_001_001.png'))))
    expect([frame.width, frame.height, frame.channels]).toEqual([720, 404, 3])
    const map = decodeImage(new Uint8Array(readFileSync(join(ucf, 'maps/Diving-Side_001_001.png'))))
    expect([map.width, map.height, map.channels]).toEqual([720, 404, 1])
    expect(map.data.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(0)
    const fix = decodeImage(new Uint8Array(readFileSync(join(ucf, 'fixation/Diving-Side_001_001.png'))))
    expect(new Set(fix.data)).toEqual(new Set([0, 255]))
  })
  it('a UCF frame stored as JPEG among the PNGs', () => {
    const img = decodeImage(new Uint8Array(readFileSync(join(ucf, 'images/Diving-Side_001_011.jpg'))))
    expect([img.width, img.height, img.channels]).toEqual([720, 404, 3])
  })
  it('MIT1003 gray JPEG fixation map has one channel, stimulus has three', () => {
    const base = dataPath(MIT_REL)
    const map = decodeImage(new Uint8Array(readFileSync(join(base, 'FIXATIONMAPS/i210.jpg'))))
    expect([map.width, map.height, map.channels]).toEqual([1024, 675, 1])
    const stim = decodeImage(new Uint8Array(readFileSync(join(base, 'ALLSTIMULI/i210.jpg'))))
    expect(stim.channels).toBe(3)
  })
})
