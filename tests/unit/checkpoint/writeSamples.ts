// The state dicts the checkpoint writer is tested with: every dtype (raw and converted halves),
// 0-dim and empty tensors, tensors over 64 KiB, thousands of keys, nested wraps, non-ASCII keys.
// The unit tests round-trip them through readCheckpoint; tests/fixtures/checkpoint/write_samples.ts
// writes them to disk for verify_written.py to torch.load.
import type { WritableTensor, WriteCheckpointOptions } from '../../../src/main/models/checkpoint'

export interface WriteSample {
  /** file name; its stem is the archive name when written with writeCheckpointFile */
  file: string
  options: WriteCheckpointOptions
  tensors: Map<string, WritableTensor>
}

/** Deterministic values (mulberry32), so the samples are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

function filled<A extends { length: number; [i: number]: number }>(array: A, value: (i: number) => number): A {
  for (let i = 0; i < array.length; i++) array[i] = value(i)
  return array
}

/** float32 values that exercise half/bfloat16 rounding: ties, subnormals, overflow, specials. */
export const HALF_EDGE_VALUES = [
  0, -0, 1, -1, 0.1, 1 / 3, 65504, 65519, 65520, 1e6, -1e6, 2 ** -14, 2 ** -24, 2 ** -25, 1.5 * 2 ** -25, 2 ** -26,
  3 * 2 ** -26, 5.9604645e-8, 6.1e-5, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2049, 2051, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 257, 259,
  3.4028235e38, -3.4028235e38, 1e-40, Infinity, -Infinity, NaN
]

function dtypeSample(): WriteSample {
  const random = seededRandom(1)
  const tensors = new Map<string, WritableTensor>([
    ['conv.weight', { shape: [4, 3, 3, 3], data: filled(new Float32Array(108), () => random() * 2 - 1) }],
    ['conv.bias', { shape: [4], dtype: 'float32', data: new Float32Array([0.5, -0.25, 1e-7, -3e38]) }],
    ['conv3d.weight', { shape: [2, 1, 3, 3, 3], data: filled(new Float32Array(54), (i) => i / 54) }],
    ['double', { shape: [2, 2], data: new Float64Array([Math.PI, -Math.E, 1e-300, 1.7976931348623157e308]) }],
    ['half.from_float', { shape: [HALF_EDGE_VALUES.length], dtype: 'float16', data: Float32Array.from(HALF_EDGE_VALUES) }],
    ['half.bits', { shape: [2, 3], dtype: 'float16', data: new Uint16Array([0x3c00, 0xbc00, 0x7bff, 0x0001, 0x7c00, 0x7e00]) }],
    ['bf16.from_float', { shape: [HALF_EDGE_VALUES.length], dtype: 'bfloat16', data: Float32Array.from(HALF_EDGE_VALUES) }],
    ['bf16.bits', { shape: [3], dtype: 'bfloat16', data: new Uint16Array([0x3f80, 0xc000, 0x7f80]) }],
    ['long', { shape: [5], data: new BigInt64Array([0n, -1n, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n]) }],
    ['int', { shape: [4], data: new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31)]) }],
    ['short', { shape: [3], data: new Int16Array([-32768, 32767, 5]) }],
    ['char', { shape: [3], data: new Int8Array([-128, 127, 0]) }],
    ['byte', { shape: [2, 2], data: new Uint8Array([0, 1, 128, 255]) }],
    ['mask', { shape: [5], dtype: 'bool', data: new Uint8Array([1, 0, 7, 0, 255]) }],
    ['bn.num_batches_tracked', { shape: [], data: new BigInt64Array([1234n]) }],
    ['scalar', { shape: [], data: new Float32Array([3.5]) }],
    ['empty', { shape: [0], data: new Float32Array(0) }],
    ['empty3d', { shape: [2, 0, 3], dtype: 'int32', data: new Int32Array(0) }],
    ['ones', { shape: [1, 1, 1], data: new Float64Array([1]) }]
  ])
  return { file: 'dtypes.pt', options: {}, tensors }
}

function largeSample(): WriteSample {
  const random = seededRandom(2)
  const tensors = new Map<string, WritableTensor>([
    ['fc.weight', { shape: [256, 129], data: filled(new Float32Array(256 * 129), () => random() - 0.5) }],
    ['fc.bias', { shape: [256], data: filled(new Float32Array(256), (i) => i * 0.01) }],
    ['table', { shape: [70000], data: filled(new Float64Array(70000), () => random() * 1e3) }],
    ['ids', { shape: [100, 200], data: BigInt64Array.from({ length: 20000 }, (_, i) => BigInt(i) * 2n ** 33n - 7n) }],
    ['half.big', { shape: [40000], dtype: 'float16', data: filled(new Float32Array(40000), () => (random() - 0.5) * 100) }],
    ['pixels', { shape: [3, 160, 160], data: filled(new Uint8Array(3 * 160 * 160), () => Math.floor(random() * 256)) }]
  ])
  return { file: 'large.pt', options: {}, tensors }
}

/** 2001 keys: SETITEMS batches of 1000, 1000 and a lone SETITEM; memo slots far past 255. */
function manyKeysSample(): WriteSample {
  const tensors = new Map<string, WritableTensor>()
  for (let i = 0; i < 2001; i++) {
    const layer = `layers.${Math.floor(i / 4)}`
    if (i % 4 === 3) tensors.set(`${layer}.num_batches_tracked`, { shape: [], data: new BigInt64Array([BigInt(i)]) })
    else if (i % 4 === 2) tensors.set(`${layer}.running_var`, { shape: [3], data: new Float64Array([i, i + 0.5, -i]) })
    else tensors.set(`${layer}.p${i % 4}`, { shape: [2, 2], data: new Float32Array([i, -i, i / 2, 1 / (i + 1)]) })
  }
  return { file: 'many_keys.pt', options: {}, tensors }
}

function smallStateDict(): Map<string, WritableTensor> {
  return new Map<string, WritableTensor>([
    ['module.encoder.weight', { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }],
    ['module.encoder.bias', { shape: [2], data: new Float32Array([-1, 1]) }],
    ['module.bn.num_batches_tracked', { shape: [], data: new BigInt64Array([7n]) }]
  ])
}

function unicodeSample(): WriteSample {
  const tensors = new Map<string, WritableTensor>([
    ['größe.gewicht', { shape: [2], data: new Float32Array([1, 2]) }],
    ['层.权重', { shape: [1], data: new Int32Array([42]) }],
    ['emoji.🙂', { shape: [], dtype: 'bool', data: new Uint8Array([1]) }],
    ['x'.repeat(300), { shape: [1], data: new Float64Array([0.25]) }],
    ['', { shape: [1], data: new Int8Array([-5]) }]
  ])
  return { file: 'unicode_keys.pt', options: {}, tensors }
}

/** Every sample file; `withHuge` adds 70 000 keys (more zip entries than the classic end record counts). */
export function writeSamples(withHuge = false): WriteSample[] {
  const samples: WriteSample[] = [
    dtypeSample(),
    largeSample(),
    manyKeysSample(),
    unicodeSample(),
    { file: 'wrapped.pt', options: { wrapKey: 'state_dict' }, tensors: smallStateDict() },
    { file: 'nested.pt', options: { wrapKey: ['model', 'student_model'] }, tensors: smallStateDict() },
    { file: 'empty_dict.pt', options: {}, tensors: new Map() }
  ]
  if (withHuge) samples.push(hugeSample())
  return samples
}

export function hugeSample(): WriteSample {
  const tensors = new Map<string, WritableTensor>()
  for (let i = 0; i < 70000; i++) tensors.set(`t${i}`, { shape: [], data: new Int32Array([i]) })
  return { file: 'huge_count.pt', options: {}, tensors }
}
