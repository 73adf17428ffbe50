// S3D (Xie et al. 2018) as kylemin/S3D defines it and ViNet uses it as `backbone`: separable
// 3-D convs, BN eps 1e-3, ReLU, four Inception-style Mixed blocks per stage. Explicit PyTorch
// pads everywhere (TF 'same' differs on the stride-2 layers).
import type { GraphBuilder } from '../graph/builder'
import type { Value } from '../graph/types'
import { MARKS } from './stages'

const BN_EPS = 1e-3

/** conv (no bias) → BN → ReLU, kernel 1×1×1 (all BasicConv3d in S3D are pointwise) */
function basicConv(b: GraphBuilder, prefix: string, x: Value, outChannels: number): Value {
  const y = b.conv3d(`${prefix}.conv`, x, { outChannels, kernel: 1, bias: false })
  return b.relu(b.batchNorm(`${prefix}.bn`, y, { eps: BN_EPS }))
}

/** (1,k,k) spatial conv → BN → ReLU → (k,1,1) temporal conv → BN → ReLU */
function sepConv(b: GraphBuilder, prefix: string, x: Value, outChannels: number, k: number, stride: number, pad: number): Value {
  let y = b.conv3d(`${prefix}.conv_s`, x, { outChannels, kernel: [1, k, k], stride: [1, stride, stride], pads: [0, pad, pad], bias: false })
  y = b.relu(b.batchNorm(`${prefix}.bn_s`, y, { eps: BN_EPS }))
  y = b.conv3d(`${prefix}.conv_t`, y, { outChannels, kernel: [k, 1, 1], stride: [stride, 1, 1], pads: [pad, 0, 0], bias: false })
  return b.relu(b.batchNorm(`${prefix}.bn_t`, y, { eps: BN_EPS }))
}

/** Branch widths: [b0, b1 reduce, b1 out, b2 reduce, b2 out, b3] */
export type MixedWidths = readonly [number, number, number, number, number, number]

export const MIXED_WIDTHS: Record<string, MixedWidths> = {
  '3b': [64, 96, 128, 16, 32, 32],
  '3c': [128, 128, 192, 32, 96, 64],
  '4b': [192, 96, 208, 16, 48, 64],
  '4c': [160, 112, 224, 24, 64, 64],
  '4d': [128, 128, 256, 24, 64, 64],
  '4e': [112, 144, 288, 32, 64, 64],
  '4f': [256, 160, 320, 32, 128, 128],
  '5b': [256, 160, 320, 32, 128, 128],
  '5c': [384, 192, 384, 48, 128, 128]
}

function mixed(b: GraphBuilder, prefix: string, x: Value, w: MixedWidths): Value {
  const x0 = basicConv(b, `${prefix}.branch0.0`, x, w[0])
  const x1 = sepConv(b, `${prefix}.branch1.1`, basicConv(b, `${prefix}.branch1.0`, x, w[1]), w[2], 3, 1, 1)
  const x2 = sepConv(b, `${prefix}.branch2.1`, basicConv(b, `${prefix}.branch2.0`, x, w[3]), w[4], 3, 1, 1)
  const pooled = b.maxPool3d(x, { kernel: 3, stride: 1, pads: 1 })
  const x3 = basicConv(b, `${prefix}.branch3.1`, pooled, w[5])
  return b.concat([x0, x1, x2, x3], 1)
}

export interface S3DFeatures {
  /** base4 output, 1024×T/8×H/32×W/32 */
  y0: Value
  /** base3 output, 832×T/4×H/16×W/16 */
  y1: Value
  /** base2 output, 480×T/2×H/8×W/8 */
  y2: Value
  /** base1 output, 192×T/2×H/4×W/4 */
  y3: Value
}

/**
 * Where each S3D stage lives in a state dict: ViNet splits kylemin's flat `base.N` Sequential
 * into base1..base4 (+ maxp/maxt pools); kylemin's S3D keeps `base.N`.
 */
export interface S3DKeyLayout {
  /** module path of stage s (1..4) block i, e.g. (1,0) → 'backbone.base1.0' */
  block(stage: 1 | 2 | 3 | 4, index: number): string
}

export function vinetBackboneLayout(prefix: string): S3DKeyLayout {
  return { block: (stage, index) => `${prefix}.base${stage}.${index}` }
}

/** kylemin S3D `base.N`: stage starts 0, 5, 8, 14 (N = 1, 4, 7, 13 are parameter-free pools) */
export function kyleminLayout(prefix: string): S3DKeyLayout {
  const starts = { 1: 0, 2: 5, 3: 8, 4: 14 } as const
  return { block: (stage, index) => `${prefix}.${starts[stage] + index}` }
}

/** The S3D trunk. Returns the four features ViNet's decoder reads. */
export function s3dBackbone(b: GraphBuilder, x: Value, layout: S3DKeyLayout): S3DFeatures {
  const maxPool = (v: Value, k: [number, number, number], s: [number, number, number], p: [number, number, number]): Value =>
    b.maxPool3d(v, { kernel: k, stride: s, pads: p })
  // base1: SepConv(3→64, k7, s2, p3), pool, BasicConv 64→64, SepConv(64→192, k3, s1, p1)
  let y = sepConv(b, layout.block(1, 0), x, 64, 7, 2, 3)
  y = maxPool(y, [1, 3, 3], [1, 2, 2], [0, 1, 1])
  y = basicConv(b, layout.block(1, 2), y, 64)
  const y3 = sepConv(b, layout.block(1, 3), y, 192, 3, 1, 1)
  // base2
  y = maxPool(y3, [1, 3, 3], [1, 2, 2], [0, 1, 1])
  y = mixed(b, layout.block(2, 0), y, MIXED_WIDTHS['3b'])
  const y2 = mixed(b, layout.block(2, 1), y, MIXED_WIDTHS['3c'])
  // base3
  y = maxPool(y2, [3, 3, 3], [2, 2, 2], [1, 1, 1])
  const stage3 = ['4b', '4c', '4d', '4e', '4f']
  stage3.forEach((name, i) => {
    y = mixed(b, layout.block(3, i), y, MIXED_WIDTHS[name])
  })
  const y1 = y
  // base4: ViNet's maxt4 (2,1,1) then maxp4 (1,2,2) = kylemin's single (2,2,2) pool
  y = maxPool(y1, [2, 1, 1], [2, 1, 1], [0, 0, 0])
  y = maxPool(y, [1, 2, 2], [1, 2, 2], [0, 0, 0])
  y = mixed(b, layout.block(4, 0), y, MIXED_WIDTHS['5b'])
  const y0 = mixed(b, layout.block(4, 1), y, MIXED_WIDTHS['5c'])
  return { y0, y1, y2, y3 }
}

/** Marks y0..y3 as cut points (the visual stage's outputs in ViNet and AViNet). */
export function markS3dFeatures(b: GraphBuilder, f: S3DFeatures): S3DFeatures {
  const [y0, y1, y2, y3] = MARKS.s3d
  return { y0: b.mark(y0, f.y0), y1: b.mark(y1, f.y1), y2: b.mark(y2, f.y2), y3: b.mark(y3, f.y3) }
}
