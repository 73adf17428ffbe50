// AViNet fusions that treat y0 and the audio as tokens (d = 512), batch-first (N, L, 512):
//   transformer — samyak0210/ViNet `VideoAudioSaliencyFusionModel` (models.md §2.4): 336 video
//                 tokens (`conv_in_1x1` of y0, t-major over 4×7×12) ++ 3 audio tokens
//                 (`audio_conv_1x1` of conv7), + the checkpoint's `pe` table (339×1×512), three
//                 post-norm encoder layers (4 heads, feed-forward 512). The checkpoint's unused
//                 `bilinear.*` is an ignored key.
//   attention   — thesis §3.3.2 as restated in tests/fixtures/models/av/CHOICES.md: the same
//                 tokens without positional encoding, cross attention both ways (`cross_a2v`,
//                 `cross_v2a`), token concat, one self-attention encoder layer (`self_attention`).
// Both hand the decoder the 336 video tokens as (N,512,4,7,12) ++ the mean audio token broadcast.
import type { GraphBuilder } from '../graph/builder'
import type { Value } from '../graph/types'
import { postNormAttentionLayer, transformerEncoderLayer } from './attention'
import { AppError } from '../../../shared/errors'

export const TOKEN_WIDTH = 512
const HEADS = 4
const FEED_FORWARD = 512
const ENCODER_LAYERS = 3
/** the transformer's `pe` buffer holds exactly 336 video + 3 audio positions */
const TRANSFORMER_AUDIO_TOKENS = 3

interface Tokens {
  /** (N, T·H·W, 512) */
  video: Value
  /** (N, audio steps, 512) */
  audio: Value
}

/** conv_in_1x1 (Conv3d 1024→512) on y0 and audio_conv_1x1 (Conv2d 1024→512) on conv7, as token rows. */
function tokens(b: GraphBuilder, y0: Value, audio: Value): Tokens {
  const n = y0.shape[0]
  const v = b.conv3d('conv_in_1x1', y0, { outChannels: TOKEN_WIDTH, kernel: 1 })
  const a = b.conv2d('audio_conv_1x1', audio, { outChannels: TOKEN_WIDTH, kernel: 1 })
  return {
    video: b.transpose(b.reshape(v, [n, TOKEN_WIDTH, -1]), [0, 2, 1]),
    audio: b.transpose(b.reshape(a, [n, TOKEN_WIDTH, -1]), [0, 2, 1])
  }
}

/** (N, videoTokens + audioTokens, 512) → video (N,512,T,H,W) ++ mean audio broadcast → (N,1024,T,H,W) */
function splitJointTokens(b: GraphBuilder, joint: Value, y0Shape: readonly number[]): Value {
  const [n, , t, h, w] = y0Shape
  const videoTokens = t * h * w
  const total = joint.shape[1]
  const video = b.reshape(b.transpose(b.slice(joint, 1, 0, videoTokens), [0, 2, 1]), [n, TOKEN_WIDTH, t, h, w])
  const audio = b.mean(b.slice(joint, 1, videoTokens, total), [1]) // (N, 512)
  const tiled = b.expand(b.reshape(audio, [n, TOKEN_WIDTH, 1, 1, 1]), [n, TOKEN_WIDTH, t, h, w])
  return b.concat([video, tiled], 1)
}

/** ViNet code's concatenation + transformer-encoder fusion; returns the decoder input (N,1024,4,7,12). */
export function transformerFusion(b: GraphBuilder, y0: Value, audio: Value, model: string): Value {
  const steps = audio.shape[2]
  if (steps !== TRANSFORMER_AUDIO_TOKENS) {
    throw new AppError('bad-shape', `${model}: the positional-encoding table has room for exactly ${TRANSFORMER_AUDIO_TOKENS} audio tokens (SoundNet conv7 steps), the waveform gives ${steps} (released length 70560)`)
  }
  const t = tokens(b, y0, audio)
  let x = b.concat([t.video, t.audio], 1) // (N, 339, 512)
  const positions = x.shape[1]
  // registered buffer (max_len, 1, d), stored in the checkpoint; forward adds it unsliced
  const pe = b.paramValue('transformer.pos_encoder.pe', [positions, 1, TOKEN_WIDTH])
  x = b.add(x, b.reshape(pe, [1, positions, TOKEN_WIDTH]))
  for (let i = 0; i < ENCODER_LAYERS; i++) {
    x = transformerEncoderLayer(b, `transformer.transformer_encoder.layers.${i}`, x, { heads: HEADS, feedForward: FEED_FORWARD })
  }
  // the released module also holds nn.Bilinear(42, 3, 336), which this forward never calls
  b.ignoreParam('bilinear.weight', [336, 42, 3])
  b.ignoreParam('bilinear.bias', [336])
  return splitJointTokens(b, x, y0.shape)
}

/** Thesis cross + self attention fusion (CHOICES.md); returns the decoder input (N,1024,4,7,12). */
export function attentionFusion(b: GraphBuilder, y0: Value, audio: Value): Value {
  const t = tokens(b, y0, audio)
  const layer = { heads: HEADS, feedForward: FEED_FORWARD, attentionName: 'attn' }
  const audioToVideo = postNormAttentionLayer(b, 'cross_a2v', t.video, t.audio, layer) // queries: video
  const videoToAudio = postNormAttentionLayer(b, 'cross_v2a', t.audio, t.video, layer) // queries: audio
  const joint = transformerEncoderLayer(b, 'self_attention', b.concat([audioToVideo, videoToAudio], 1), { heads: HEADS, feedForward: FEED_FORWARD })
  return splitJointTokens(b, joint, y0.shape)
}
