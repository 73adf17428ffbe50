// STAViS (Tsiami et al., CVPR 2020; atsiami/STAViS `resnet50`, sample_size 112, sample_duration 16):
// 3-D ResNet-50 layers 1–3 with a DSAM after the stem, layer1, layer2 and layer3; SoundNet-8; the
// bilinear audio-visual fusion `fusion3` on the (un-attended) layer2 output. Outputs are LOGITS:
// STAViS applies the sigmoid only at test time, so 'saliency' = sigmoid(logits) is added here.
import { GraphBuilder } from '../graph/builder'
import type { Graph, Value } from '../graph/types'
import { applySpatialAttention, dsamLevel } from './dsam'
import { RESNET50_LAYERS, resnet3dLayer, resnet3dStem } from './resnet3d'
import { SOUNDNET_FEATURES, soundnet8Stavis } from './soundnet'
import { MARKS } from './stages'
import { AppError } from '../../../shared/errors'

export const STAVIS_CLIP: readonly number[] = [3, 16, 112, 112]
export const STAVIS_AUDIO_SAMPLES = 35280
const FUSION_HIDDEN = 128
const FUSION_OUT = 64

export type StavisMode = 'audiovisual' | 'visual'

/** The clip must be (N,3,16,112,112): DSAM's time pools and fusion3's 14×14 view are fixed by it. */
function checkClip(shape: readonly number[], model: string): void {
  const ok = shape.length === 5 && shape[0] >= 1 && STAVIS_CLIP.every((d, i) => shape[i + 1] === d)
  if (!ok) throw new AppError('bad-shape', `${model}: expected a clip (N, ${STAVIS_CLIP.join(', ')}), found (${shape.join(', ')})`)
}

/**
 * `fusion3` (av_module): the two central time steps of layer2 averaged → per-pixel Linear 512→128 +
 * ReLU; audio Linear 1024→128 + ReLU; nn.Bilinear(128,128,64) per pixel; ×8 bilinear upsampling
 * (half-pixel); centre crop to the clip size (a no-op at 112).
 */
function avFusion(b: GraphBuilder, rgb: Value, audio: Value, prefix: string, crop: readonly [number, number]): Value {
  const [n, c, t, h, w] = rgb.shape
  const centre = b.mean(b.slice(rgb, 2, t / 2 - 1, t / 2 + 1), [2]) // (N,512,h,w)
  const pixels = b.reshape(b.transpose(centre, [0, 2, 3, 1]), [n, h * w, c])
  const rgbHidden = b.relu(b.linear(`${prefix}.affine_rgb`, pixels, { outFeatures: FUSION_HIDDEN }))
  const audioVec = b.reshape(audio, [n, 1, SOUNDNET_FEATURES])
  const audioHidden = b.relu(b.linear(`${prefix}.affine_audio`, audioVec, { outFeatures: FUSION_HIDDEN }))
  const fused = b.bilinear(`${prefix}.w_a_rgb`, rgbHidden, b.expand(audioHidden, [n, h * w, FUSION_HIDDEN]), { outFeatures: FUSION_OUT })
  const map = b.transpose(b.reshape(fused, [n, h, w, FUSION_OUT]), [0, 3, 1, 2])
  const up = b.resize(map, { scales: [8, 8], mode: 'linear' })
  if (up.shape[2] !== crop[0] || up.shape[3] !== crop[1]) {
    throw new AppError('bad-shape', `${prefix}: upsampled fusion ${up.shape[2]}×${up.shape[3]} differs from the clip ${crop[0]}×${crop[1]}`)
  }
  return up
}

export interface StavisGraphOptions {
  /** also output 'audio' (SoundNet features) and 'avFusion' (fusion3 map) in AV mode */
  debugOutputs?: boolean
}

/**
 * STAViS graph. Inputs 'clip' (N,3,16,112,112, raw 0–255 minus the ActivityNet mean) and, in AV
 * mode, 'waveform' (N,1,1,L) with L such that SoundNet ends at one step (released L = 35280).
 * Outputs 'logits' (N,1,112,112), 'saliency' = sigmoid(logits); visual mode adds 'side1'..'side4'.
 * The state dict is the same in both modes (soundnet8/fusion3/fuseav are ignored keys in visual mode,
 * `fuse` in AV mode).
 */
export function buildStavis(mode: StavisMode, clipShape: readonly number[], waveformShape?: readonly number[], options: StavisGraphOptions = {}): Graph {
  const model = mode === 'audiovisual' ? 'stavis' : 'stavis-visual'
  checkClip(clipShape, model)
  const b = new GraphBuilder(model)
  const clip = b.input('clip', clipShape)
  const crop: [number, number] = [clipShape[3], clipShape[4]]

  let audio: Value | null = null
  if (mode === 'audiovisual') {
    if (!waveformShape) throw new AppError('bad-argument', `${model}: a waveform shape (N,1,1,L) is required`)
    if (waveformShape[0] !== clipShape[0]) throw new AppError('bad-shape', `${model}: clip batch ${clipShape[0]} differs from waveform batch ${waveformShape[0]}`)
    audio = b.mark(MARKS.audio, soundnet8Stavis(b, b.input('waveform', waveformShape), 'soundnet8'))
    if (audio.shape[2] !== 1 || audio.shape[3] !== 1) {
      throw new AppError('bad-shape', `${model}: waveform (${waveformShape.join(', ')}) gives SoundNet features (${audio.shape.join(', ')}); one step is needed (released length ${STAVIS_AUDIO_SAMPLES})`)
    }
  }

  const sides: Value[] = []
  const sideOuts: Value[] = []
  const level = (x: Value, i: number): Value => {
    const d = dsamLevel(b, x, `score_dsn.${i}`, i + 1, crop)
    sides.push(d.side)
    sideOuts.push(d.sideOut)
    return i < 3 ? applySpatialAttention(b, x, d.score) : x // level 4's attention is computed but unused
  }

  let x = level(resnet3dStem(b, clip, ''), 0)
  x = b.maxPool3d(x, { kernel: 3, stride: 2, pads: 1 })
  const [l1, l2, l3] = RESNET50_LAYERS
  x = level(resnet3dLayer(b, x, l1.name, l1.planes, l1.blocks, l1.stride), 1)
  // marks: the cut points of STAVIS_STAGES / STAVIS_VISUAL_STAGES
  const layer2 = b.mark(MARKS.stavisLayer2, resnet3dLayer(b, x, l2.name, l2.planes, l2.blocks, l2.stride))
  const fusion = audio ? avFusion(b, layer2, audio, 'fusion3', crop) : null
  x = level(layer2, 2)
  level(resnet3dLayer(b, x, l3.name, l3.planes, l3.blocks, l3.stride), 3)

  const sideStack = b.mark(MARKS.stavisSides, b.concat(sides, 1)) // (N,64,H,W)
  let logits: Value
  if (fusion && audio) {
    logits = b.conv2d('fuseav', b.concat([sideStack, fusion], 1), { outChannels: 1, kernel: 1 })
    b.ignoreParam('fuse.weight', [1, 64, 1, 1])
    b.ignoreParam('fuse.bias', [1])
    if (options.debugOutputs) {
      b.output('audio', audio)
      b.output('avFusion', fusion)
    }
  } else {
    logits = b.conv2d('fuse', sideStack, { outChannels: 1, kernel: 1 })
    ignoreAudioKeys(b, clipShape)
    sideOuts.forEach((s, i) => b.output(`side${i + 1}`, s))
  }
  b.output('logits', logits)
  b.output('saliency', b.sigmoid(logits))
  return b.build()
}

/** Keys of soundnet8 / fusion3 / fuseav, present in every STAViS checkpoint, unused in visual mode:
 * collected from a scratch graph of the same layers so the two modes cannot drift apart. */
function ignoreAudioKeys(b: GraphBuilder, clipShape: readonly number[]): void {
  const scratch = new GraphBuilder('stavis-audio-keys')
  const audio = soundnet8Stavis(scratch, scratch.input('waveform', [1, 1, 1, STAVIS_AUDIO_SAMPLES]), 'soundnet8')
  const layer2 = scratch.input('layer2', [1, 512, clipShape[2] / 4, clipShape[3] / 8, clipShape[4] / 8])
  scratch.output('fusion', avFusion(scratch, layer2, audio, 'fusion3', [clipShape[3], clipShape[4]]))
  const g = scratch.build()
  for (const p of [...g.params, ...g.ignoredKeys]) b.ignoreParam(p.key, p.shape)
  b.ignoreParam('fuseav.weight', [1, 128, 1, 1])
  b.ignoreParam('fuseav.bias', [1])
}
