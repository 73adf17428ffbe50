import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../../../src/main/models/graph'
import { backendCandidates, parseBackendName } from '../../../../src/main/models/tfjs/backend'
import { convStrategy } from '../../../../src/main/models/tfjs/convPlan'
import {
  channelsLastPerm,
  dropAxesPerm,
  invertPerm,
  permuteShape,
  relayoutPerm,
  transposedPerm,
  transposeIsReshape
} from '../../../../src/main/models/tfjs/layout'
import { avgCorrection, avgDivisors } from '../../../../src/main/models/tfjs/lowerPool'
import { axisSampling } from '../../../../src/main/models/tfjs/lowerResize'
import { buildPlan } from '../../../../src/main/models/tfjs/plan'
import { batchNormAffine, dilateKernel, foldAffineIntoConv, foldedTimeFilter, temporalTap, transposeData } from '../../../../src/main/models/tfjs/weightLayout'
import { AppError } from '../../../../src/shared/errors'

const seq = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i)

describe('weight layouts', () => {
  it('transposes like numpy.transpose', () => {
    // (2,3) → (3,2)
    expect([...transposeData({ shape: [2, 3], data: seq(6) }, [1, 0]).data]).toEqual([0, 3, 1, 4, 2, 5])
    const t = transposeData({ shape: [2, 3, 4], data: seq(24) }, [2, 0, 1])
    expect(t.shape).toEqual([4, 2, 3])
    // out[k,i,j] = in[i,j,k] = 12i + 4j + k
    expect(t.data[1 * 6 + 1 * 3 + 2]).toBe(12 + 8 + 1)
  })

  it('folds (tap, channel) pairs tap-major into conv2d input channels', () => {
    const o = 2
    const i = 3
    const kd = 2
    const w = { shape: [o, i, kd, 1, 2], data: seq(o * i * kd * 2) }
    const f = foldedTimeFilter(w)
    expect(f.shape).toEqual([1, 2, kd * i, o])
    // f[0, kw, t*I + c, oc] = w[oc, c, t, 0, kw]
    const at = (kw: number, t: number, c: number, oc: number): number => f.data[((kw * kd * i) + t * i + c) * o + oc]
    expect(at(1, 1, 2, 1)).toBe(w.data[(((1 * i + 2) * kd + 1) * 1 + 0) * 2 + 1])
    expect([...temporalTap(w, 1).data.subarray(0, 2)]).toEqual([2, 3])
  })

  it('dilates kernels with zeros', () => {
    const d = dilateKernel({ shape: [1, 1, 2, 2], data: Float32Array.of(1, 2, 3, 4) }, [2, 1])
    expect(d.shape).toEqual([1, 1, 3, 2])
    expect([...d.data]).toEqual([1, 2, 0, 0, 3, 4])
  })

  it('folds batch norm into conv weights and bias', () => {
    const a = batchNormAffine(Float32Array.of(2), Float32Array.of(1), Float32Array.of(0.5), Float32Array.of(3), 1)
    expect(a.scale[0]).toBeCloseTo(1, 6)
    expect(a.shift[0]).toBeCloseTo(0.5, 6)
    const f = foldAffineIntoConv({ shape: [1, 2], data: Float32Array.of(3, 4) }, Float32Array.of(2), { scale: Float32Array.of(2), shift: Float32Array.of(1) })
    expect([...f.weight.data]).toEqual([6, 8])
    expect([...f.bias]).toEqual([5])
  })
})

describe('layouts', () => {
  it('maps PyTorch axes to channels-last storage and back', () => {
    const perm = channelsLastPerm(5)
    expect(perm).toEqual([0, 2, 3, 4, 1])
    expect(permuteShape([1, 3, 4, 5, 6], perm)).toEqual([1, 4, 5, 6, 3])
    expect(relayoutPerm(perm, [0, 1, 2, 3, 4])).toEqual(invertPerm(perm))
    expect(channelsLastPerm(2)).toEqual([0, 1])
  })

  it('tracks graph transposes and reductions without moving data', () => {
    // NHWC storage of (N,C,H,W); transposing to (N,H,W,C) makes the storage row-major
    expect(transposedPerm([0, 2, 3, 1], [0, 2, 3, 1])).toEqual([0, 1, 2, 3])
    // mean over D of (N,C,D,H,W) stored (N,D,H,W,C) → (N,C,H,W) stored (N,H,W,C)
    expect(dropAxesPerm([0, 2, 3, 4, 1], [2])).toEqual([0, 2, 3, 1])
    expect(transposeIsReshape([1, 1, 5, 6, 1], [0, 4, 1, 2, 3])).toBe(true)
    expect(transposeIsReshape([1, 2, 5, 6, 1], [0, 2, 1, 3, 4])).toBe(false)
  })
})

describe('conv strategies', () => {
  const node = (kernel: number[], strides: number[], pads: Array<[number, number]>, groups = 1) => ({ kernel, strides, dilations: [1, 1, 1], pads, groups })
  const zero: Array<[number, number]> = [[0, 0], [0, 0], [0, 0]]
  it('picks a conv2d rewrite for every ViNet layer shape', () => {
    expect(convStrategy(node([1, 7, 7], [1, 2, 2], [[0, 0], [3, 3], [3, 3]]), true)).toBe('frames')
    expect(convStrategy(node([7, 1, 1], [2, 1, 1], [[3, 3], [0, 0], [0, 0]]), true)).toBe('time')
    expect(convStrategy(node([5, 3, 3], [5, 1, 1], [[0, 0], [1, 1], [1, 1]]), true)).toBe('fold')
    expect(convStrategy(node([3, 3, 3], [1, 1, 1], [[1, 1], [1, 1], [1, 1]]), true)).toBe('taps')
    expect(convStrategy(node([3, 3, 3], [3, 1, 1], zero, 2), true)).toBe('taps')
    expect(convStrategy(node([1, 3, 3], [1, 1, 1], zero), false)).toBe('native')
  })
})

describe('PyTorch index rules', () => {
  it('divides avg pools like PyTorch at the ceil-mode edge', () => {
    // size 9, k3 s2 p1, ceil → 5 windows; the last starts at 7 and ends at min(10, 10)
    expect(avgDivisors(9, 5, 3, 2, [1, 1], true)).toEqual([3, 3, 3, 3, 3])
    // size 8 → 5 windows; the last (start 7) overhangs the right pad by one
    expect(avgDivisors(8, 5, 3, 2, [1, 1], true)).toEqual([3, 3, 3, 3, 2])
    expect(avgDivisors(8, 5, 3, 2, [1, 1], false)).toEqual([2, 3, 3, 3, 1])
    expect(avgCorrection({ kernel: [3], strides: [2], pads: [[1, 1]], countIncludePad: true }, [9], [5])).toBeNull()
  })

  it('samples half-pixel, align-corners and nearest like F.interpolate', () => {
    const half = axisSampling(2, 4, 'linear', 'half_pixel')
    // sources -0.25→0 (clamped), 0.25, 0.75, 1.25 (upper tap clamped to the last pixel)
    expect([...half.lower]).toEqual([0, 0, 0, 1])
    expect([...half.upper]).toEqual([1, 1, 1, 1])
    expect([...half.weight]).toEqual([0, 0.25, 0.75, 0.25])
    const corners = axisSampling(3, 5, 'linear', 'align_corners')
    expect([...corners.weight]).toEqual([0, 0.5, 0, 0.5, 0])
    expect([...axisSampling(5, 7, 'nearest', 'half_pixel').lower]).toEqual([0, 0, 1, 2, 2, 3, 4])
  })
})

describe('execution plan', () => {
  it('fuses conv → BN → ReLU only when nothing else reads the intermediate values', () => {
    const b = new GraphBuilder('p')
    const x = b.input('x', [1, 2, 4, 4])
    const y = b.relu(b.batchNorm('bn', b.conv2d('c', x, { outChannels: 2, kernel: 1 })))
    const z = b.conv2d('c2', y, { outChannels: 2, kernel: 1 })
    b.output('a', b.relu(z))
    b.output('z', z)
    const plan = buildPlan(b.build(), true)
    expect(plan.steps.map((s) => s.node.op)).toEqual(['conv', 'conv', 'relu'])
    expect(plan.steps[0].batchNorm?.name).toBe('bn')
    expect(plan.steps[0].relu).toBeDefined()
    expect(plan.steps[1].relu).toBeUndefined()
    expect(buildPlan(b.build(), false).steps).toHaveLength(5)
  })
})

describe('backend choice', () => {
  it('prefers the native packages, then wasm, then cpu, unless forced', () => {
    expect(backendCandidates({ env: {} })).toEqual(['node-gpu', 'node', 'wasm', 'cpu'])
    expect(backendCandidates({ env: {}, preferGpu: false })).toEqual(['node', 'wasm', 'cpu'])
    expect(backendCandidates({ env: { AVSAL_TFJS_BACKEND: 'tfjs-wasm' } })).toEqual(['wasm'])
    expect(backendCandidates({ env: { AVSAL_TFJS_BACKEND: 'wasm' }, backend: 'cpu' })).toEqual(['cpu'])
  })

  it('names the bad value and where it came from', () => {
    expect(() => backendCandidates({ env: { AVSAL_TFJS_BACKEND: 'webgl' } })).toThrow(/AVSAL_TFJS_BACKEND: unknown tfjs backend 'webgl'/)
    expect(() => parseBackendName('gpu', 'option backend')).toThrow(AppError)
  })
})
