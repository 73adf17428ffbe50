// How a graph conv runs on tfjs. With rewrites on, every 3-D conv becomes conv2d calls over
// reshaped tensors (the wasm backend's conv2d is XNNPACK, its conv3d a naive loop):
//   frames   kd = 1              conv2d over the N·D frames
//   time     kh = kw = 1         conv2d with kernel (kd, 1) over (D, H·W)
//   fold     kd = sd, no D pad   (tap, channel) folded into channels, conv2d over N·D' frames
//   taps     anything else       Σ_t conv2d(frames t·dd, t·dd + sd, …; W[:, :, t])
//   native   rewrites off        tf.conv3d
import type { ConvNode } from '../graph/types'

export type Conv3dStrategy = 'frames' | 'time' | 'fold' | 'taps' | 'native'

export type ConvStrategy = 'conv1d' | 'conv2d' | Conv3dStrategy

export function convStrategy(node: Pick<ConvNode, 'kernel' | 'strides' | 'dilations' | 'pads' | 'groups'>, rewriteConv3d: boolean): ConvStrategy {
  const rank = node.kernel.length
  if (rank === 1) return 'conv1d'
  if (rank === 2) return 'conv2d'
  if (rank !== 3) throw new RangeError(`conv with ${rank} spatial axes`)
  if (!rewriteConv3d) return 'native'
  const [kd, kh, kw] = node.kernel
  if (kd === 1) return 'frames'
  if (kh === 1 && kw === 1) return 'time'
  const [pd0, pd1] = node.pads[0]
  if (node.strides[0] === kd && pd0 === 0 && pd1 === 0 && node.dilations[0] === 1 && node.groups === 1) return 'fold'
  return 'taps'
}
