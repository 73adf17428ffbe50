// 3-D ResNet-50 trunk (Hara et al., shortcut type B) as STAViS uses it: conv1/bn1 stem and
// Bottleneck layers 1–3. PyTorch BN defaults (eps 1e-5); convs have no bias.
import type { GraphBuilder } from '../graph/builder'
import type { Value } from '../graph/types'

const EXPANSION = 4

const join = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name)

function convBn(b: GraphBuilder, x: Value, conv: string, bn: string, outChannels: number, kernel: number, stride: number | number[], pad: number): Value {
  const y = b.conv3d(conv, x, { outChannels, kernel, stride, pads: pad, bias: false })
  return b.batchNorm(bn, y, { eps: 1e-5 })
}

/** Stem: Conv3d 3→64 k7 stride (1,2,2) pad 3 → BN → ReLU (the max-pool comes after STAViS's first DSAM). */
export function resnet3dStem(b: GraphBuilder, clip: Value, prefix: string): Value {
  return b.relu(convBn(b, clip, join(prefix, 'conv1'), join(prefix, 'bn1'), 64, 7, [1, 2, 2], 3))
}

/** Bottleneck: 1×1×1 → 3×3×3 (stride s) → 1×1×1 (×4), BN after each, residual (projected on block 0). */
function bottleneck(b: GraphBuilder, x: Value, prefix: string, planes: number, stride: number, project: boolean): Value {
  let y = b.relu(convBn(b, x, `${prefix}.conv1`, `${prefix}.bn1`, planes, 1, 1, 0))
  y = b.relu(convBn(b, y, `${prefix}.conv2`, `${prefix}.bn2`, planes, 3, stride, 1))
  y = convBn(b, y, `${prefix}.conv3`, `${prefix}.bn3`, planes * EXPANSION, 1, 1, 0)
  const residual = project ? convBn(b, x, `${prefix}.downsample.0`, `${prefix}.downsample.1`, planes * EXPANSION, 1, stride, 0) : x
  return b.relu(b.add(y, residual))
}

/** `layer{n}`: `blocks` Bottlenecks; block 0 carries the stride and the 1×1×1 projection shortcut. */
export function resnet3dLayer(b: GraphBuilder, x: Value, prefix: string, planes: number, blocks: number, stride: number): Value {
  const project = stride !== 1 || x.shape[1] !== planes * EXPANSION
  let y = bottleneck(b, x, `${prefix}.0`, planes, stride, project)
  for (let i = 1; i < blocks; i++) y = bottleneck(b, y, `${prefix}.${i}`, planes, 1, false)
  return y
}

/** ResNet-50 block counts of layers 1–3 and their widths. */
export const RESNET50_LAYERS = [
  { name: 'layer1', planes: 64, blocks: 3, stride: 1 },
  { name: 'layer2', planes: 128, blocks: 4, stride: 2 },
  { name: 'layer3', planes: 256, blocks: 6, stride: 2 }
] as const
