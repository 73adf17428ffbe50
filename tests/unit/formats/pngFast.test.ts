// The fast PNG path must decode exactly what pngjs decodes, for every filter type and the
// colour types it accepts, and hand everything else back (null) or fail loudly on damage.
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { decodePngFast } from '../../../src/main/formats/pngFast'
import { Rng } from '../../../src/main/metrics'

function image(width: number, height: number, seed: number): Buffer {
  const rng = new Rng(seed)
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < data.length; i++) data[i] = (i % 7) * 30 + Math.floor(rng.nextFloat() * 20)
  return data
}

const COLOR_TYPES: { colorType: 0 | 2 | 4 | 6; channels: number }[] = [
  { colorType: 0, channels: 1 },
  { colorType: 2, channels: 3 },
  { colorType: 4, channels: 2 },
  { colorType: 6, channels: 4 }
]

describe('decodePngFast', () => {
  for (const { colorType, channels } of COLOR_TYPES) {
    for (const filterType of [0, 1, 2, 3, 4]) {
      it(`colour type ${colorType}, filter ${filterType}: same pixels as pngjs`, () => {
        const png = new PNG({ width: 37, height: 11 })
        png.data = image(37, 11, colorType * 10 + filterType)
        const file = PNG.sync.write(png, { colorType, filterType, inputColorType: 6, inputHasAlpha: true })
        const fast = decodePngFast(file)
        const reference = PNG.sync.read(file)
        expect(fast).not.toBeNull()
        expect(fast?.channels).toBe(channels)
        // pngjs expands to RGBA; compare channel by channel
        for (let p = 0; p < 37 * 11; p++) {
          for (let c = 0; c < channels; c++) {
            const ref = channels <= 2 ? (c === 0 ? reference.data[p * 4] : reference.data[p * 4 + 3]) : reference.data[p * 4 + c]
            if (fast?.data[p * channels + c] !== ref) throw new Error(`pixel ${p} channel ${c}: ${fast?.data[p * channels + c]} ≠ ${ref}`)
          }
        }
      })
    }
  }

  it('leaves 16-bit, palette and interlaced files to the general decoder', () => {
    const png = new PNG({ width: 4, height: 4 })
    png.data = image(4, 4, 1)
    expect(decodePngFast(PNG.sync.write(png, { colorType: 0, bitDepth: 16, inputColorType: 6 }))).toBeNull()
  })

  it('throws on a truncated file instead of returning garbage', () => {
    const png = new PNG({ width: 20, height: 20 })
    png.data = image(20, 20, 2)
    const file = PNG.sync.write(png)
    expect(() => decodePngFast(file.subarray(0, file.length - 30))).toThrow(/truncated|past the end/)
  })
})
