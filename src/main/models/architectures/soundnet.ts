// SoundNet-8 (Aytar et al. 2016), conv1–conv7 as AViNet and STAViS use it. One layer table, two
// layouts: AViNet feeds the waveform as (N,1,L,1) with (k,1) kernels and reads conv7; STAViS feeds
// (N,1,1,L) with (1,k) kernels, names the layers by Sequential index and adds a final (1,2) max-pool.
import { GraphBuilder } from '../graph/builder'
import type { Graph, Value } from '../graph/types'
import { AppError } from '../../../shared/errors'

interface SoundLayer {
  outChannels: number
  kernel: number
  /** symmetric padding along the sample axis */
  pad: number
  /** max-pool (kernel = stride) after the ReLU; 0 for none */
  pool: number
  /** STAViS Sequential indices of the conv and its BatchNorm2d */
  stavisIndex: readonly [number, number]
}

/** conv1..conv7; every conv has stride 2 along the sample axis and a bias; BN eps 1e-5. */
export const SOUNDNET8_LAYERS: readonly SoundLayer[] = [
  { outChannels: 16, kernel: 64, pad: 32, pool: 8, stavisIndex: [0, 1] },
  { outChannels: 32, kernel: 32, pad: 16, pool: 8, stavisIndex: [4, 5] },
  { outChannels: 64, kernel: 16, pad: 8, pool: 0, stavisIndex: [8, 9] },
  { outChannels: 128, kernel: 8, pad: 4, pool: 0, stavisIndex: [11, 12] },
  { outChannels: 256, kernel: 4, pad: 2, pool: 4, stavisIndex: [14, 15] },
  { outChannels: 512, kernel: 4, pad: 2, pool: 0, stavisIndex: [18, 19] },
  { outChannels: 1024, kernel: 4, pad: 2, pool: 0, stavisIndex: [21, 22] }
]

export const SOUNDNET_FEATURES = 1024

const join = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name)

/** The sample axis: 'H' for AViNet's (N,1,L,1), 'W' for STAViS's (N,1,1,L). */
type SampleAxis = 'H' | 'W'

function along(axis: SampleAxis, k: number, other: number): [number, number] {
  return axis === 'H' ? [k, other] : [other, k]
}

function soundnetTrunk(b: GraphBuilder, waveform: Value, axis: SampleAxis, names: (i: number) => [string, string]): Value {
  let x = waveform
  SOUNDNET8_LAYERS.forEach((layer, i) => {
    const [conv, bn] = names(i)
    x = b.conv2d(conv, x, { outChannels: layer.outChannels, kernel: along(axis, layer.kernel, 1), stride: along(axis, 2, 1), pads: along(axis, layer.pad, 0) })
    x = b.relu(b.batchNorm(bn, x, { eps: 1e-5 }))
    if (layer.pool > 0) x = b.maxPool2d(x, { kernel: along(axis, layer.pool, 1) })
  })
  return x
}

function checkWaveform(shape: readonly number[], axis: SampleAxis, model: string): void {
  const ok = shape.length === 4 && shape[0] >= 1 && shape[1] === 1 && (axis === 'H' ? shape[3] === 1 : shape[2] === 1)
  if (!ok) {
    const want = axis === 'H' ? '(N, 1, L, 1)' : '(N, 1, 1, L)'
    throw new AppError('bad-shape', `${model}: expected a waveform ${want}, found (${shape.join(', ')})`)
  }
}

/**
 * AViNet's `audionet` (ViNet `SoundNet` class): waveform (N,1,L,1) → conv7 features (N,1024,T,1)
 * (T = 3 for the released 70560-sample window). The unused conv8 heads are ignored keys.
 */
export function soundnet8Avinet(b: GraphBuilder, waveform: Value, prefix: string): Value {
  checkWaveform(waveform.shape, 'H', join(prefix, 'soundnet8'))
  const out = soundnetTrunk(b, waveform, 'H', (i) => [join(prefix, `conv${i + 1}`), join(prefix, `batchnorm${i + 1}`)])
  b.ignoreParam(join(prefix, 'conv8_objs.weight'), [1000, 1024, 8, 1])
  b.ignoreParam(join(prefix, 'conv8_objs.bias'), [1000])
  b.ignoreParam(join(prefix, 'conv8_scns.weight'), [401, 1024, 8, 1])
  b.ignoreParam(join(prefix, 'conv8_scns.bias'), [401])
  return out
}

/** STAViS's `soundnet8` Sequential: waveform (N,1,1,L) → (N,1024,1,W) after the final (1,2) max-pool. */
export function soundnet8Stavis(b: GraphBuilder, waveform: Value, prefix: string): Value {
  checkWaveform(waveform.shape, 'W', prefix)
  const x = soundnetTrunk(b, waveform, 'W', (i) => SOUNDNET8_LAYERS[i].stavisIndex.map((j) => join(prefix, String(j))) as [string, string])
  return b.maxPool2d(x, { kernel: [1, 2] })
}

/** Standalone AViNet-layout SoundNet-8 (keys conv1..7, batchnorm1..7, conv8_*): output 'features'. */
export function buildSoundnet8Avinet(waveformShape: readonly number[]): Graph {
  const b = new GraphBuilder('soundnet8-avinet')
  const x = b.input('waveform', waveformShape)
  b.output('features', soundnet8Avinet(b, x, ''))
  return b.build()
}

/** Standalone STAViS-layout SoundNet-8 (keys soundnet8.N.*): output 'features'. */
export function buildSoundnet8Stavis(waveformShape: readonly number[]): Graph {
  const b = new GraphBuilder('soundnet8-stavis')
  const x = b.input('waveform', waveformShape)
  b.output('features', soundnet8Stavis(b, x, 'soundnet8'))
  return b.build()
}
