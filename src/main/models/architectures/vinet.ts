// ViNet (samyak0210/ViNet `VideoSaliencyModel`, num_hier=3, 32-frame clips): S3D encoder +
// `DecoderConvUp`. Skips are concatenated on the TIME axis; upsampling is trilinear (1,2,2)
// with half-pixel centres; the decoder's strided temporal convs reduce T 32→1.
import { GraphBuilder } from '../graph/builder'
import type { Graph, Value } from '../graph/types'
import { markS3dFeatures, s3dBackbone, vinetBackboneLayout, type S3DFeatures } from './s3d'
import { AppError } from '../../../shared/errors'

export const VINET_CLIP_FRAMES = 32

/** ×2 in H and W, T unchanged (nn.Upsample(scale_factor=(1,2,2), mode='trilinear')) */
function up(b: GraphBuilder, x: Value): Value {
  return b.resize(x, { scales: [1, 2, 2], mode: 'linear' })
}

/**
 * DecoderConvUp: returns the (N,1,1,H,W) sigmoid map. `prefix` is 'decoder' in ViNet and
 * 'visual_model.decoder' inside AViNet.
 */
export function vinetDecoder(b: GraphBuilder, prefix: string, f: S3DFeatures): Value {
  const conv = (key: string, x: Value, outChannels: number, kt: number, ks: number, bias = false): Value =>
    b.conv3d(`${prefix}.${key}`, x, { outChannels, kernel: [kt, ks, ks], stride: [kt, 1, 1], pads: [0, (ks - 1) / 2, (ks - 1) / 2], bias })
  let z = up(b, b.relu(conv('convtsp1.0', f.y0, 832, 1, 3)))
  z = b.concat([z, f.y1], 2)
  z = up(b, b.relu(conv('convtsp2.0', z, 480, 3, 3)))
  z = b.concat([z, f.y2], 2)
  z = up(b, b.relu(conv('convtsp3.0', z, 192, 5, 3)))
  z = b.concat([z, f.y3], 2)
  z = up(b, b.relu(conv('convtsp4.0', z, 64, 5, 3)))
  z = up(b, b.relu(conv('convtsp4.3', z, 32, 2, 3)))
  z = b.relu(conv('convtsp4.6', z, 32, 2, 1))
  return b.sigmoid(conv('convtsp4.8', z, 1, 1, 1, true))
}

/** Checks a ViNet clip shape (N,3,32,H,W) with H, W multiples of 32. */
export function checkVinetInput(shape: readonly number[], model: string): void {
  const [n, c, t, h, w] = shape
  const ok = shape.length === 5 && n >= 1 && c === 3 && t === VINET_CLIP_FRAMES && h % 32 === 0 && w % 32 === 0 && h > 0 && w > 0
  if (!ok) {
    throw new AppError(
      'bad-shape',
      `${model}: expected an input (N, 3, ${VINET_CLIP_FRAMES}, H, W) with H and W multiples of 32 (released: 224×384), found (${shape.join(', ')})`
    )
  }
}

/** ViNet graph: input 'clip' (N,3,32,H,W) ImageNet-normalised RGB → output 'saliency' (N,H,W). */
export function buildVinet(inputShape: readonly number[]): Graph {
  checkVinetInput(inputShape, 'vinet')
  const b = new GraphBuilder('vinet')
  const x = b.input('clip', inputShape)
  const features = markS3dFeatures(b, s3dBackbone(b, x, vinetBackboneLayout('backbone')))
  const map = vinetDecoder(b, 'decoder', features)
  b.output('saliency', b.reshape(map, [inputShape[0], inputShape[3], inputShape[4]]))
  return b.build()
}
