// The feature-norm analysis of the thesis's Table 5.4: per clip, the L2 norm of the visual and
// of the audio features a fusion stage combines. Each feature map is first averaged over
// everything but its channels (global average pooling), so a norm measures the feature vector
// the fusion sees per clip, comparable across modalities of different spatial size.
import { AppError } from '../../../shared/errors'
import type { Float32Tensor } from '../../models/graph/types'

/** L2 norm of the channel means of batch slot `b` of an (N, C, …) tensor. */
export function pooledNorm(tensor: Float32Tensor, b: number): number {
  const [n, c] = tensor.shape
  if (tensor.shape.length < 2 || b < 0 || b >= n) throw new AppError('bad-shape', `no batch slot ${b} in a tensor of shape (${tensor.shape.join(', ')})`)
  const per = tensor.data.length / (n * c)
  let sumSquares = 0
  for (let ch = 0; ch < c; ch++) {
    const start = (b * c + ch) * per
    let sum = 0
    for (let i = 0; i < per; i++) sum += tensor.data[start + i]
    const mean = sum / per
    sumSquares += mean * mean
  }
  return Math.sqrt(sumSquares)
}

/** Norms collected per condition (audio) and once per clip (visual). */
export class FeatureNormLog {
  readonly visual: number[] = []
  readonly audio = new Map<string, number[]>()

  addVisual(norm: number): void {
    this.visual.push(norm)
  }

  addAudio(condition: string, norm: number): void {
    let list = this.audio.get(condition)
    if (!list) this.audio.set(condition, (list = []))
    list.push(norm)
  }
}
