// Reads the audio-visual model fixtures written by tests/fixtures/models/av/make_fixtures.py.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readNpy } from '../../../../src/main/formats/npy'
import type { Float32Tensor, ParamSpec } from '../../../../src/main/models/graph/types'

export const FIXTURE_DIR = resolve(import.meta.dirname, '../../../fixtures/models/av')

export interface OutputStats {
  shape: number[]
  sum: number
  mean: number
  std: number
  min: number
  max: number
  weightedSum: number
}

export interface FixtureOutput {
  name: string
  file: string
  /** numpy slice of the full output that `file` holds: 'all', '[:, ::2, ::2]' or '[:, :k]' */
  selection: string
  full: OutputStats
}

export interface FixtureModel {
  stateDictEntries: number
  keyList: string
  inputs: Record<string, { shape: number[] }>
  outputs: FixtureOutput[]
}

interface FixtureIndex {
  models: Record<string, FixtureModel>
}

export function fixtureModel(id: string): FixtureModel {
  const index = JSON.parse(readFileSync(resolve(FIXTURE_DIR, 'index.json'), 'utf8')) as FixtureIndex
  const model = index.models[id]
  if (!model) throw new Error(`${FIXTURE_DIR}/index.json: no fixture for model '${id}' (have ${Object.keys(index.models).join(', ')})`)
  return model
}

export function fixtureOutput(model: FixtureModel, name: string): FixtureOutput {
  const out = model.outputs.find((o) => o.name === name)
  if (!out) throw new Error(`fixture has no output '${name}' (have ${model.outputs.map((o) => o.name).join(', ')})`)
  return out
}

export function loadNpy(file: string): Float32Tensor {
  const path = resolve(FIXTURE_DIR, file)
  const arr = readNpy(new Uint8Array(readFileSync(path)), path)
  if (arr.dtype !== 'float32') throw new Error(`${path}: expected float32, found ${arr.dtype}`)
  return { shape: arr.shape, data: arr.data }
}

/** The official state-dict key list (key, shape) in PyTorch order. */
export function loadKeyList(model: FixtureModel): ParamSpec[] {
  return readFileSync(resolve(FIXTURE_DIR, model.keyList), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [key, dims] = line.split('\t')
      return { key, shape: dims ? dims.split(',').map(Number) : [] }
    })
}

/** Applies a fixture `selection` to a full row-major tensor. */
export function applySelection(t: Float32Tensor, selection: string): Float32Tensor {
  if (selection === 'all') return t
  const stride = /^\[:, ::(\d+), ::(\d+)\]$/.exec(selection)
  if (stride && t.shape.length === 3) {
    const [n, h, w] = t.shape
    const sh = Number(stride[1])
    const sw = Number(stride[2])
    const oh = Math.ceil(h / sh)
    const ow = Math.ceil(w / sw)
    const data = new Float32Array(n * oh * ow)
    let o = 0
    for (let b = 0; b < n; b++) for (let y = 0; y < h; y += sh) for (let x = 0; x < w; x += sw) data[o++] = t.data[(b * h + y) * w + x]
    return { shape: [n, oh, ow], data }
  }
  const channels = /^\[:, :(\d+)\]$/.exec(selection)
  if (channels) {
    const k = Number(channels[1])
    const [n, c, ...rest] = t.shape
    const inner = rest.reduce((a, d) => a * d, 1)
    const data = new Float32Array(n * k * inner)
    for (let b = 0; b < n; b++) data.set(t.data.subarray(b * c * inner, (b * c + k) * inner), b * k * inner)
    return { shape: [n, k, ...rest], data }
  }
  throw new Error(`unsupported fixture selection '${selection}' for shape ${t.shape.join('×')}`)
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

/** Pearson correlation: checks the structure of maps whose spread is small next to the tolerance. */
export function pearson(a: Float32Array, b: Float32Array): number {
  let ma = 0
  let mb = 0
  for (let i = 0; i < a.length; i++) {
    ma += a[i]
    mb += b[i]
  }
  ma /= a.length
  mb /= b.length
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma
    const db = b[i] - mb
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  return sab / Math.sqrt(saa * sbb)
}

/** The same statistics make_fixtures.py stores for the whole output. */
export function outputStats(t: Float32Tensor): OutputStats {
  let sum = 0
  let sq = 0
  let weightedSum = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]
    sum += v
    sq += v * v
    weightedSum += v * Math.sin(0.001 * i)
    min = Math.min(min, v)
    max = Math.max(max, v)
  }
  const mean = sum / t.data.length
  return { shape: t.shape, sum, mean, std: Math.sqrt(Math.max(0, sq / t.data.length - mean * mean)), min, max, weightedSum }
}
