// Centre-bias baseline: the same anisotropic Gaussian for every clip, peak 1 at the frame centre,
// σ proportional to the frame size. It has no parameters; the clip only fixes N, H and W.
import { GraphBuilder } from '../graph/builder'
import type { Graph } from '../graph/types'
import { AppError } from '../../../shared/errors'

/** σ as a fraction of the frame height (y) and width (x) */
export const CENTER_BIAS_SIGMA_FRACTION = 0.2

export function centerBiasMap(height: number, width: number, sigmaFraction = CENTER_BIAS_SIGMA_FRACTION): Float32Array {
  const out = new Float32Array(height * width)
  const cy = (height - 1) / 2
  const cx = (width - 1) / 2
  const sy = sigmaFraction * height
  const sx = sigmaFraction * width
  for (let y = 0; y < height; y++) {
    const dy = ((y - cy) * (y - cy)) / (2 * sy * sy)
    for (let x = 0; x < width; x++) out[y * width + x] = Math.exp(-dy - ((x - cx) * (x - cx)) / (2 * sx * sx))
  }
  return out
}

/** input 'clip' (N,C,T,H,W) (values unused) → output 'saliency' (N,H,W) */
export function buildCenterBias(inputShape: readonly number[], sigmaFraction = CENTER_BIAS_SIGMA_FRACTION): Graph {
  if (inputShape.length !== 5) throw new AppError('bad-shape', `center-bias: expected an input (N, C, T, H, W), found (${inputShape.join(', ')})`)
  const [n, , , h, w] = inputShape
  const b = new GraphBuilder('center-bias')
  b.input('clip', inputShape)
  const map = b.constant('center_bias', [1, h, w], centerBiasMap(h, w, sigmaFraction))
  b.output('saliency', b.expand(map, [n, h, w]))
  return b.build()
}
