import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isImageHeaderError, parseImageHeader, readImageHeader } from '../../../src/main/datasets/imageHeader'
import { jpegBytes, pngBytes } from '../../fixtures/datasets/images'
import { dataPath, describeWithData } from '../../support/sharedData'

const UCF_REL = 'ucf-sports/testing/Diving-Side-001'
const UCF = dataPath(UCF_REL)

function problemOf(buf: Uint8Array): string {
  try {
    parseImageHeader(buf)
  } catch (err) {
    if (isImageHeaderError(err)) return err.code
    throw err
  }
  throw new Error('expected the header to be rejected')
}

describe('parseImageHeader', () => {
  it('reads the PNG IHDR size', () => {
    expect(parseImageHeader(pngBytes(37, 21))).toEqual({ format: 'png', width: 37, height: 21 })
  })

  it('reads the JPEG SOF0 size', () => {
    expect(parseImageHeader(jpegBytes(45, 17))).toEqual({ format: 'jpeg', width: 45, height: 17 })
  })

  it('skips APPn segments and fill bytes before the SOF', () => {
    const jpeg = jpegBytes(8, 6)
    // SOI, a 300-byte APP1 segment, two 0xFF fill bytes, then the encoder's own segments
    const app1 = Buffer.alloc(302)
    app1[0] = 0xff
    app1[1] = 0xe1
    app1.writeUInt16BE(300, 2)
    const withApp = Buffer.concat([jpeg.subarray(0, 2), app1, Buffer.from([0xff, 0xff]), jpeg.subarray(2)])
    expect(parseImageHeader(withApp)).toEqual({ format: 'jpeg', width: 8, height: 6 })
  })

  it('reads progressive (SOF2) JPEG sizes', () => {
    const sof2 = Buffer.from([0xff, 0xd8, 0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0x94, 0x02, 0xd0, 0x03])
    expect(parseImageHeader(sof2)).toEqual({ format: 'jpeg', width: 720, height: 404 })
  })

  it('reads BMP sizes, top-down ones too', () => {
    const bmp = Buffer.alloc(54)
    bmp.write('BM', 0, 'latin1')
    bmp.writeInt32LE(12, 18)
    bmp.writeInt32LE(-7, 22)
    expect(parseImageHeader(bmp)).toEqual({ format: 'bmp', width: 12, height: 7 })
  })

  it('names the problem with empty, cut, damaged and foreign files', () => {
    const png = pngBytes(4, 4)
    expect(problemOf(new Uint8Array(0))).toBe('image-empty')
    expect(problemOf(png.subarray(0, 20))).toBe('image-truncated')
    const badSignature = Buffer.from(png)
    badSignature[3] = 0
    expect(problemOf(badSignature)).toBe('image-bad-header')
    expect(problemOf(Buffer.from('GIF89a......'))).toBe('image-unknown-format')
    expect(problemOf(jpegBytes(4, 4).subarray(0, 12))).toBe('image-truncated')
    // a scan (SOS) before any frame header
    expect(problemOf(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]))).toBe('image-bad-header')
  })

  it('puts the path in the message', () => {
    expect(() => parseImageHeader(new Uint8Array(0), '/x/frame_001.png')).toThrow(/\/x\/frame_001\.png: file is empty/)
  })
})

describe('readImageHeader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-header-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a JPEG whose metadata pushes the SOF past the first read', async () => {
    const jpeg = jpegBytes(9, 5)
    const segments: Buffer[] = [jpeg.subarray(0, 2)]
    for (let i = 0; i < 3; i++) {
      const app = Buffer.alloc(60_002)
      app[0] = 0xff
      app[1] = 0xe2
      app.writeUInt16BE(60_000, 2)
      segments.push(app)
    }
    segments.push(jpeg.subarray(2))
    const path = join(dir, 'big-exif.jpg')
    writeFileSync(path, Buffer.concat(segments))
    expect(await readImageHeader(path)).toEqual({ format: 'jpeg', width: 9, height: 5 })
  })

  it('rejects an empty file and passes fs errors through', async () => {
    const empty = join(dir, 'empty.png')
    writeFileSync(empty, '')
    await expect(readImageHeader(empty)).rejects.toMatchObject({ code: 'image-empty' })
    await expect(readImageHeader(join(dir, 'nope.png'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describeWithData(UCF_REL, 'readImageHeader on the real UCF-Sports frames', () => {
  it('reads 720×404 from the PNG frames and the two JPEG frames', async () => {
    expect(await readImageHeader(join(UCF, 'images/Diving-Side_001_001.png'))).toEqual({ format: 'png', width: 720, height: 404 })
    expect(await readImageHeader(join(UCF, 'images/Diving-Side_001_011.jpg'))).toEqual({ format: 'jpeg', width: 720, height: 404 })
    expect(await readImageHeader(join(UCF, 'images/Diving-Side_001_016.jpg'))).toEqual({ format: 'jpeg', width: 720, height: 404 })
  })
})
