// STAViS Deeply Supervised Attention Module (`dsam_score_dsn`), level i = 1..4: average over all
// time steps, 3×3 conv to 16 channels, 1×1 score conv; transposed convs (kernel 2^(i+1), stride 2^i)
// upsample the 16-channel side features and the 1-channel side map, centre-cropped to the clip size.
import type { GraphBuilder } from '../graph/builder'
import type { Pads, Value } from '../graph/types'
import { AppError } from '../../../shared/errors'

export interface DsamOutputs {
  /** upsampled, cropped 16-channel side features (N,16,H,W) */
  side: Value
  /** upsampled, cropped side saliency logits (N,1,H,W) */
  sideOut: Value
  /** score at the level's own resolution (N,1,h,w); its spatial softmax is the attention */
  score: Value
}

/** PyTorch ConvTranspose2d output length without padding. */
const fullLength = (n: number, k: number, s: number): number => (n - 1) * s + k

/** STAViS `center_crop`: ceil(d/2) off the start, floor(d/2) off the end (only cropping is supported). */
export function centreCropPads(full: number, target: number, what: string): [number, number] {
  const d = full - target
  if (d < 0) throw new AppError('bad-shape', `${what}: upsampled size ${full} is smaller than the crop ${target}`)
  return [Math.ceil(d / 2), Math.floor(d / 2)]
}

export function dsamLevel(b: GraphBuilder, x: Value, prefix: string, level: number, crop: readonly [number, number]): DsamOutputs {
  if (x.shape.length !== 5) throw new AppError('bad-shape', `${prefix}: expected (N,C,T,H,W), found (${x.shape.join(', ')})`)
  const [n, , t, h, w] = x.shape
  // AvgPool3d((T,1,1), stride 1): one time step left, then squeeze(2)
  const pooled = b.reshape(b.avgPool3d(x, { kernel: [t, 1, 1], stride: 1 }), [n, x.shape[1], h, w])
  const sideTemp = b.conv2d(`${prefix}.side_prep`, pooled, { outChannels: 16, kernel: 3, pads: 1 })
  const score = b.conv2d(`${prefix}.score_dsn`, sideTemp, { outChannels: 1, kernel: 1 })
  const k = 2 ** (level + 1)
  const s = 2 ** level
  const pads: Pads = [centreCropPads(fullLength(h, k, s), crop[0], prefix), centreCropPads(fullLength(w, k, s), crop[1], prefix)]
  const side = b.convTranspose2d(`${prefix}.upscale`, sideTemp, { outChannels: 16, kernel: k, stride: s, pads, bias: false })
  const sideOut = b.convTranspose2d(`${prefix}.upscale_`, score, { outChannels: 1, kernel: k, stride: s, pads, bias: false })
  return { side, sideOut, score }
}

/** x·(1 + softmax_HW(score)), the attention broadcast over channels and time of x (N,C,T,H,W). */
export function applySpatialAttention(b: GraphBuilder, x: Value, score: Value): Value {
  const att = b.softmax(score, [2, 3]) // (N,1,H,W)
  const [n, , h, w] = att.shape
  const att5 = b.reshape(att, [n, 1, 1, h, w])
  return b.mul(x, b.add(att5, 1))
}
