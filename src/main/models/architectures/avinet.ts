// AViNet (Jain et al. 2021; samyak0210/ViNet `VideoAudioSaliencyModel`): ViNet's S3D encoder and
// decoder with SoundNet-8 audio fused into the deepest feature y0 (1024×4×7×12) before decoding.
// Fusions described here:
//   bilinear — the released model: y0 max-pooled (4,1,1)/(2,1,2) to 42 positions per channel,
//              nn.Bilinear(42, 3, 336) per channel with the 3 SoundNet conv7 steps, viewed 4×7×12.
//   concat   — thesis §3.3.1 (no public code): conv7 max-pooled over time, tiled over 4×7×12,
//              concatenated after y0 on channels, Conv3d 1×1×1 2048→1024 (`concat_conv_1x1`).
//   transformer, attention — token fusions (d=512), see avinetTokenFusions.ts.
import { GraphBuilder } from '../graph/builder'
import type { Graph, Value } from '../graph/types'
import { attentionFusion, transformerFusion } from './avinetTokenFusions'
import { markS3dFeatures, s3dBackbone, vinetBackboneLayout } from './s3d'
import { SOUNDNET_FEATURES, soundnet8Avinet } from './soundnet'
import { MARKS } from './stages'
import { checkVinetInput, vinetDecoder } from './vinet'
import { AppError } from '../../../shared/errors'

export type AvinetFusion = 'bilinear' | 'concat' | 'transformer' | 'attention'

/** The fusions hard-code y0 = 1024×4×7×12, i.e. a 32×224×384 clip. */
export const AVINET_CLIP: readonly number[] = [3, 32, 224, 384]
const Y0_SPATIAL = [4, 7, 12] as const
/** 22050 Hz / 10 fps · 32 frames; SoundNet conv7 then has 3 steps */
export const AVINET_AUDIO_SAMPLES = 70560
const BILINEAR_AUDIO_STEPS = 3

export interface AvinetGraphOptions {
  /** also output 'audio' (SoundNet conv7, N×1024×T×1) and 'fused' (decoder input, N×1024×4×7×12) */
  debugOutputs?: boolean
}

function checkClip(shape: readonly number[], model: string): void {
  checkVinetInput(shape, model)
  if (shape[3] !== AVINET_CLIP[2] || shape[4] !== AVINET_CLIP[3]) {
    throw new AppError('bad-shape', `${model}: the audio-visual fusion is fixed to y0 = 1024×4×7×12, so the clip must be (N, ${AVINET_CLIP.join(', ')}); found (${shape.join(', ')})`)
  }
}

/** Released AViNet fusion: per-channel nn.Bilinear between 42 pooled video positions and 3 audio steps. */
function bilinearFusion(b: GraphBuilder, y0: Value, audio: Value, model: string): Value {
  const [n, c] = y0.shape
  if (audio.shape[2] !== BILINEAR_AUDIO_STEPS) {
    throw new AppError('bad-shape', `${model}: nn.Bilinear(42, 3, 336) needs 3 SoundNet conv7 steps, the waveform gives ${audio.shape[2]} (released length ${AVINET_AUDIO_SAMPLES})`)
  }
  // kernel (4,1,1) stride (2,1,2): T 4→1, H kept, every other W column kept (no pooling in W)
  const pooled = b.maxPool3d(y0, { kernel: [4, 1, 1], stride: [2, 1, 2] })
  const video = b.reshape(pooled, [n, c, -1]) // (N,1024,42)
  const sound = b.reshape(audio, [n, SOUNDNET_FEATURES, BILINEAR_AUDIO_STEPS]) // (N,1024,3)
  const fused = b.bilinear('bilinear', video, sound, { outFeatures: Y0_SPATIAL[0] * Y0_SPATIAL[1] * Y0_SPATIAL[2] })
  return b.reshape(fused, [n, c, ...Y0_SPATIAL])
}

/** Thesis concatenation: temporal max of conv7, tiled, channel concat, 1×1×1 conv back to 1024. */
function concatFusion(b: GraphBuilder, y0: Value, audio: Value): Value {
  const [n, c, t, h, w] = y0.shape
  const pooled = b.maxPool2d(audio, { kernel: [audio.shape[2], 1] }) // (N,1024,1,1)
  const tiled = b.expand(b.reshape(pooled, [n, SOUNDNET_FEATURES, 1, 1, 1]), [n, SOUNDNET_FEATURES, t, h, w])
  return b.conv3d('concat_conv_1x1', b.concat([y0, tiled], 1), { outChannels: c, kernel: 1 })
}

function fuse(b: GraphBuilder, fusion: AvinetFusion, y0: Value, audio: Value, model: string): Value {
  switch (fusion) {
    case 'bilinear':
      return bilinearFusion(b, y0, audio, model)
    case 'concat':
      return concatFusion(b, y0, audio)
    case 'transformer':
      return transformerFusion(b, y0, audio, model)
    case 'attention':
      return attentionFusion(b, y0, audio)
  }
  throw new AppError('bad-argument', `${model}: unknown fusion '${String(fusion)}' (known: bilinear, concat, transformer, attention)`)
}

/**
 * AViNet graph. Inputs 'clip' (N,3,32,224,384, ImageNet-normalised RGB) and 'waveform' (N,1,L,1;
 * released L = 70560, Hann-windowed, ±256 range); output 'saliency' (N,224,384) sigmoid map for
 * the clip's last frame.
 */
export function buildAvinet(fusion: AvinetFusion, clipShape: readonly number[], waveformShape: readonly number[], options: AvinetGraphOptions = {}): Graph {
  const model = `avinet-${fusion}`
  checkClip(clipShape, model)
  if (waveformShape[0] !== clipShape[0]) throw new AppError('bad-shape', `${model}: clip batch ${clipShape[0]} differs from waveform batch ${waveformShape[0]}`)
  const b = new GraphBuilder(model)
  const clip = b.input('clip', clipShape)
  // marks: the cut points of AVINET_STAGES (visual | audio | fusion)
  const audio = b.mark(MARKS.audio, soundnet8Avinet(b, b.input('waveform', waveformShape), 'audionet'))
  const f = markS3dFeatures(b, s3dBackbone(b, clip, vinetBackboneLayout('visual_model.backbone')))
  const fused = fuse(b, fusion, f.y0, audio, model)
  const map = vinetDecoder(b, 'visual_model.decoder', { ...f, y0: fused })
  b.output('saliency', b.reshape(map, [clipShape[0], clipShape[3], clipShape[4]]))
  if (options.debugOutputs) {
    b.output('audio', audio)
    b.output('fused', fused)
  }
  return b.build()
}
