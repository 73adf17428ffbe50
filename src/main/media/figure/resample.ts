// Separable linear (triangle-filter) resampling of 8-bit rasters with any channel count.
// Enlarging is plain bilinear; shrinking widens the triangle to the scale factor so a
// 1280-px frame scaled to a 240-px cell averages its pixels instead of aliasing.

interface AxisTaps {
  taps: number
  /** input index per (output, tap), clamped to the edge */
  index: Int32Array
  /** normalised weight per (output, tap) */
  weight: Float32Array
}

function axisTaps(inLength: number, outLength: number): AxisTaps {
  const scale = outLength / inLength
  const support = scale < 1 ? 1 / scale : 1 // half-width of the triangle, in input pixels
  const taps = Math.ceil(2 * support) + 2
  const index = new Int32Array(outLength * taps)
  const weight = new Float32Array(outLength * taps)
  for (let o = 0; o < outLength; o++) {
    const center = (o + 0.5) / scale - 0.5 // pixel centres aligned (align_corners = false)
    const left = Math.floor(center - support)
    let sum = 0
    for (let k = 0; k < taps; k++) {
      const w = Math.max(0, 1 - Math.abs(left + k - center) / support)
      weight[o * taps + k] = w
      index[o * taps + k] = Math.min(inLength - 1, Math.max(0, left + k))
      sum += w
    }
    for (let k = 0; k < taps; k++) weight[o * taps + k] /= sum
  }
  return { taps, index, weight }
}

/** `data` (width·height·channels bytes) resampled to outWidth × outHeight. */
export function resample(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number
): Uint8Array {
  if (width === outWidth && height === outHeight) return data.slice()
  const h = axisTaps(width, outWidth)
  const v = axisTaps(height, outHeight)
  // horizontal pass into floats, so the vertical pass rounds only once
  const mid = new Float32Array(height * outWidth * channels)
  for (let y = 0; y < height; y++) {
    const rowIn = y * width * channels
    const rowOut = y * outWidth * channels
    for (let x = 0; x < outWidth; x++) {
      for (let k = 0; k < h.taps; k++) {
        const w = h.weight[x * h.taps + k]
        if (w === 0) continue
        const src = rowIn + h.index[x * h.taps + k] * channels
        for (let c = 0; c < channels; c++) mid[rowOut + x * channels + c] += w * data[src + c]
      }
    }
  }
  const out = new Uint8Array(outWidth * outHeight * channels)
  const acc = new Float32Array(outWidth * channels)
  const rowLength = outWidth * channels
  for (let y = 0; y < outHeight; y++) {
    acc.fill(0)
    for (let k = 0; k < v.taps; k++) {
      const w = v.weight[y * v.taps + k]
      if (w === 0) continue
      const src = v.index[y * v.taps + k] * rowLength
      for (let i = 0; i < rowLength; i++) acc[i] += w * mid[src + i]
    }
    const dst = y * rowLength
    for (let i = 0; i < rowLength; i++) out[dst + i] = Math.round(acc[i]) // Uint8Array clamps to 0–255
  }
  return out
}
