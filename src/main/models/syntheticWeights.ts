// Deterministic stand-in weights, reproducible bit-for-bit in Python
// (tests/fixtures/models/make_fixtures.py defines the same formula), so tests and benchmarks
// run without committing or downloading a checkpoint.
//
//   phase(key) = 2π · (fnv1a32(utf8(key)) mod 1000) / 1000,   s_i = sin(0.7·i + phase)
//   *.running_var → 1 + 0.25·(1 + s_i)      *.running_mean → 0.05·s_i
//   rank-1 *.weight (norm scale) → 1 + 0.1·s_i   *.bias → 0.05·s_i
//   rank ≥ 2 weights → (2 / sqrt(fan_in)) · s_i with fan_in = prod(shape[1:])
// computed in float64, rounded to float32.
import { product } from './graph/shapes'
import type { Float32Tensor, ParamSpec } from './graph/types'

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

export function syntheticTensor(key: string, shape: readonly number[]): Float32Tensor {
  const n = product(shape)
  const phase = (2 * Math.PI * (fnv1a32(key) % 1000)) / 1000
  const data = new Float32Array(n)
  let scale = 0.05
  let offset = 0
  if (key.endsWith('.running_var')) {
    scale = 0.25
    offset = 1.25 // 1 + 0.25·(1 + s) = 1.25 + 0.25·s
  } else if (key.endsWith('.running_mean') || key.endsWith('.bias')) {
    scale = 0.05
  } else if (shape.length === 1) {
    scale = 0.1
    offset = 1
  } else if (shape.length >= 2) {
    scale = 2 / Math.sqrt(product(shape.slice(1)))
  }
  for (let i = 0; i < n; i++) data[i] = offset + scale * Math.sin(0.7 * i + phase)
  return { shape: [...shape], data }
}

export function syntheticWeights(params: readonly ParamSpec[]): Map<string, Float32Tensor> {
  return new Map(params.map((p) => [p.key, syntheticTensor(p.key, p.shape)]))
}

/** Deterministic clip values: 2·sin(0.37·i + 0.1) in row-major order. */
export function syntheticInput(shape: readonly number[]): Float32Tensor {
  const n = product(shape)
  const data = new Float32Array(n)
  for (let i = 0; i < n; i++) data[i] = 2 * Math.sin(0.37 * i + 0.1)
  return { shape: [...shape], data }
}
