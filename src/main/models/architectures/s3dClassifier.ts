// kylemin S3D(400) Kinetics classifier: `base.N` trunk, average pool (2, H', W') stride 1, the
// 1×1×1 `fc.0` conv, mean over the remaining time steps → logits (N, classes).
import { GraphBuilder } from '../graph/builder'
import type { Graph } from '../graph/types'
import { kyleminLayout, s3dBackbone } from './s3d'
import { AppError } from '../../../shared/errors'

export const S3D_KINETICS_CLASSES = 400

export function buildS3dClassifier(inputShape: readonly number[], classes = S3D_KINETICS_CLASSES): Graph {
  const [, c, t, h, w] = inputShape
  if (inputShape.length !== 5 || c !== 3 || t < 16 || t % 8 !== 0 || h % 32 !== 0 || w % 32 !== 0) {
    throw new AppError('bad-shape', `s3d: expected (N, 3, T, H, W) with T a multiple of 8 (≥ 16) and H, W multiples of 32, found (${inputShape.join(', ')})`)
  }
  const b = new GraphBuilder('s3d')
  const x = b.input('clip', inputShape)
  const { y0 } = s3dBackbone(b, x, kyleminLayout('base'))
  const pooled = b.avgPool3d(y0, { kernel: [2, y0.shape[3], y0.shape[4]], stride: 1 })
  const scores = b.conv3d('fc.0', pooled, { outChannels: classes, kernel: 1 })
  const logits = b.mean(b.reshape(scores, [scores.shape[0], classes, scores.shape[2]]), [2])
  b.output('logits', logits)
  return b.build()
}
