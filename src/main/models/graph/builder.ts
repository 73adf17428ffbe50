// GraphBuilder: records nodes in execution order, declares parameters under their state-dict
// keys with the shapes the layer expects, and infers every output shape (PyTorch semantics).
import { broadcastShapes, formatShape, matmulShape, normalizeAxis, product, toPads, transposedOutput, tuple, windowOutput } from './shapes'
import type { Graph, GraphIO, GraphNode, Pads, ParamSpec, Shape, Value } from './types'
import { AppError } from '../../../shared/errors'

type Padding = number | readonly number[] | Pads

export interface ConvOptions {
  outChannels: number
  kernel: number | readonly number[]
  stride?: number | readonly number[]
  /** symmetric per axis (PyTorch `padding`) or explicit [before, after] per axis */
  pads?: Padding
  dilation?: number | readonly number[]
  groups?: number
  /** default true, like PyTorch */
  bias?: boolean
}

export interface ConvTransposeOptions extends ConvOptions {
  outputPadding?: number | readonly number[]
}

export interface PoolOptions {
  kernel: number | readonly number[]
  /** defaults to the kernel, like PyTorch */
  stride?: number | readonly number[]
  pads?: Padding
  ceilMode?: boolean
  /** avg pools only; PyTorch default true */
  countIncludePad?: boolean
}

export interface BatchNormOptions {
  eps?: number
  /** declare `<prefix>.num_batches_tracked` as an ignored key (default true) */
  numBatchesTracked?: boolean
}

export interface ResizeOptions {
  /** output spatial sizes, or */
  sizes?: readonly number[]
  /** integer-valued scale per spatial axis (output = floor(in·scale)) */
  scales?: readonly number[]
  /** 'linear' = bi/trilinear */
  mode: 'linear' | 'nearest'
  /** PyTorch align_corners (default false: half-pixel centres) */
  alignCorners?: boolean
}

export class GraphBuilder {
  private readonly name: string
  private readonly nodes: GraphNode[] = []
  private readonly shapes = new Map<number, Shape>()
  private readonly params = new Map<string, ParamSpec>()
  private readonly ignored = new Map<string, ParamSpec>()
  private readonly inputs: GraphIO[] = []
  private readonly outputs: GraphIO[] = []
  private readonly marks = new Map<string, number>()
  private nextId = 0
  private autoNames = 0

  constructor(name: string) {
    this.name = name
  }

  // ---- graph boundary -------------------------------------------------------------------

  input(name: string, shape: Shape): Value {
    if (shape.some((d) => !Number.isInteger(d) || d <= 0)) throw new AppError('bad-shape', `input '${name}': every dimension must be a positive integer, found ${formatShape(shape)}`)
    const v = this.newValue(shape)
    this.inputs.push({ name, id: v.id, shape: [...shape] })
    return v
  }

  output(name: string, value: Value): void {
    this.check(value)
    this.outputs.push({ name, id: value.id, shape: value.shape })
  }

  /**
   * Names an intermediate value as a cut point, so model stages (visual | audio | fusion) are
   * declared by name and survive any input shape. Returns the value unchanged.
   */
  mark(name: string, value: Value): Value {
    this.check(value)
    if (name.trim() === '') throw new AppError('bad-argument', `graph '${this.name}': a mark needs a name`)
    const known = this.marks.get(name)
    if (known !== undefined && known !== value.id) throw new AppError('bad-argument', `graph '${this.name}': mark '${name}' already names value ${known}`)
    this.marks.set(name, value.id)
    return value
  }

  /** Declares a parameter; declaring the same key twice is allowed only with the same shape (shared weights). */
  param(key: string, shape: Shape): string {
    const known = this.params.get(key)
    if (known) {
      if (formatShape(known.shape) !== formatShape(shape)) {
        throw new AppError('duplicate-param', `parameter '${key}' declared twice with shapes ${formatShape(known.shape)} and ${formatShape(shape)}`)
      }
      return key
    }
    this.params.set(key, { key, shape: [...shape] })
    return key
  }

  /**
   * Declares a parameter and reads it as a tensor value, for checkpoint tensors that are data
   * rather than a layer's weights (a registered `pe` buffer, a packed `in_proj_weight`).
   */
  paramValue(key: string, shape: Shape): Value {
    if (shape.some((d) => !Number.isInteger(d) || d <= 0)) throw new AppError('bad-shape', `parameter '${key}': every dimension must be a positive integer, found ${formatShape(shape)}`)
    this.param(key, shape)
    const out = this.newValue(shape, key)
    this.nodes.push({ op: 'paramValue', name: key, output: out.id, key })
    return out
  }

  /** A key the official state dict holds that the forward pass does not read. */
  ignoreParam(key: string, shape: Shape): void {
    this.ignored.set(key, { key, shape: [...shape] })
  }

  build(): Graph {
    if (this.outputs.length === 0) throw new AppError('bad-argument', `graph '${this.name}' has no outputs`)
    return {
      name: this.name,
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      nodes: [...this.nodes],
      shapes: new Map(this.shapes),
      params: [...this.params.values()],
      ignoredKeys: [...this.ignored.values()],
      marks: new Map(this.marks)
    }
  }

  // ---- layers with parameters -----------------------------------------------------------

  conv2d(prefix: string, x: Value, o: ConvOptions): Value {
    return this.conv(prefix, x, o, 2)
  }

  conv3d(prefix: string, x: Value, o: ConvOptions): Value {
    return this.conv(prefix, x, o, 3)
  }

  /** Conv over the sample axis of 1-D signals stored as (N,C,L,1) or any rank: `spatial` = rank-2. */
  conv(prefix: string, x: Value, o: ConvOptions, spatial: number): Value {
    this.expectRank(x, spatial + 2, `${prefix} (conv${spatial}d)`)
    const kernel = tuple(o.kernel, spatial, `${prefix} kernel`)
    const strides = tuple(o.stride ?? 1, spatial, `${prefix} stride`)
    const dilations = tuple(o.dilation ?? 1, spatial, `${prefix} dilation`)
    const pads = toPads(o.pads, spatial, `${prefix} pads`)
    const groups = o.groups ?? 1
    const inC = x.shape[1]
    if (inC % groups !== 0 || o.outChannels % groups !== 0) {
      throw new AppError('bad-argument', `${prefix}: channels ${inC}→${o.outChannels} not divisible by groups ${groups}`)
    }
    const weight = this.param(`${prefix}.weight`, [o.outChannels, inC / groups, ...kernel])
    const bias = o.bias === false ? null : this.param(`${prefix}.bias`, [o.outChannels])
    const outSpatial = x.shape.slice(2).map((s, i) => windowOutput(s, kernel[i], strides[i], pads[i], dilations[i]))
    const out = this.newValue([x.shape[0], o.outChannels, ...outSpatial], prefix)
    this.nodes.push({ op: 'conv', name: prefix, output: out.id, input: x.id, weight, bias, kernel, strides, dilations, pads, groups })
    return out
  }

  convTranspose2d(prefix: string, x: Value, o: ConvTransposeOptions): Value {
    return this.convTranspose(prefix, x, o, 2)
  }

  convTranspose3d(prefix: string, x: Value, o: ConvTransposeOptions): Value {
    return this.convTranspose(prefix, x, o, 3)
  }

  private convTranspose(prefix: string, x: Value, o: ConvTransposeOptions, spatial: number): Value {
    this.expectRank(x, spatial + 2, `${prefix} (convTranspose${spatial}d)`)
    const kernel = tuple(o.kernel, spatial, `${prefix} kernel`)
    const strides = tuple(o.stride ?? 1, spatial, `${prefix} stride`)
    const dilations = tuple(o.dilation ?? 1, spatial, `${prefix} dilation`)
    const outputPadding = tuple(o.outputPadding ?? 0, spatial, `${prefix} outputPadding`)
    const pads = toPads(o.pads, spatial, `${prefix} pads`)
    const groups = o.groups ?? 1
    const inC = x.shape[1]
    if (inC % groups !== 0 || o.outChannels % groups !== 0) {
      throw new AppError('bad-argument', `${prefix}: channels ${inC}→${o.outChannels} not divisible by groups ${groups}`)
    }
    const weight = this.param(`${prefix}.weight`, [inC, o.outChannels / groups, ...kernel])
    const bias = o.bias === false ? null : this.param(`${prefix}.bias`, [o.outChannels])
    const outSpatial = x.shape.slice(2).map((s, i) => transposedOutput(s, kernel[i], strides[i], pads[i], dilations[i], outputPadding[i]))
    const out = this.newValue([x.shape[0], o.outChannels, ...outSpatial], prefix)
    this.nodes.push({ op: 'convTranspose', name: prefix, output: out.id, input: x.id, weight, bias, kernel, strides, dilations, pads, outputPadding, groups })
    return out
  }

  /** Eval-mode batch norm over axis 1 (running statistics). */
  batchNorm(prefix: string, x: Value, o: BatchNormOptions = {}): Value {
    this.check(x)
    if (x.shape.length < 2) throw new AppError('bad-shape', `${prefix} (batchNorm): needs rank ≥ 2, found ${formatShape(x.shape)}`)
    const c = x.shape[1]
    const node = {
      op: 'batchNorm' as const,
      name: prefix,
      input: x.id,
      weight: this.param(`${prefix}.weight`, [c]),
      bias: this.param(`${prefix}.bias`, [c]),
      runningMean: this.param(`${prefix}.running_mean`, [c]),
      runningVar: this.param(`${prefix}.running_var`, [c]),
      eps: o.eps ?? 1e-5
    }
    if (o.numBatchesTracked !== false) this.ignoreParam(`${prefix}.num_batches_tracked`, [])
    const out = this.newValue(x.shape, prefix)
    this.nodes.push({ ...node, output: out.id })
    return out
  }

  /** torch.nn.Linear on the last axis. */
  linear(prefix: string, x: Value, o: { outFeatures: number; bias?: boolean }): Value {
    this.check(x)
    const inF = x.shape[x.shape.length - 1]
    const weight = this.param(`${prefix}.weight`, [o.outFeatures, inF])
    const bias = o.bias === false ? null : this.param(`${prefix}.bias`, [o.outFeatures])
    const out = this.newValue([...x.shape.slice(0, -1), o.outFeatures], prefix)
    this.nodes.push({ op: 'linear', name: prefix, output: out.id, input: x.id, weight, bias })
    return out
  }

  /** torch.nn.Bilinear: inputs (..., in1) and (..., in2) with equal leading shapes. */
  bilinear(prefix: string, x1: Value, x2: Value, o: { outFeatures: number; bias?: boolean }): Value {
    this.check(x1)
    this.check(x2)
    const lead1 = x1.shape.slice(0, -1)
    const lead2 = x2.shape.slice(0, -1)
    if (formatShape(lead1) !== formatShape(lead2)) {
      throw new AppError('bad-shape', `${prefix} (bilinear): leading shapes differ: ${formatShape(x1.shape)} vs ${formatShape(x2.shape)} (use expand first)`)
    }
    const in1 = x1.shape[x1.shape.length - 1]
    const in2 = x2.shape[x2.shape.length - 1]
    const weight = this.param(`${prefix}.weight`, [o.outFeatures, in1, in2])
    const bias = o.bias === false ? null : this.param(`${prefix}.bias`, [o.outFeatures])
    const out = this.newValue([...lead1, o.outFeatures], prefix)
    this.nodes.push({ op: 'bilinear', name: prefix, output: out.id, input1: x1.id, input2: x2.id, weight, bias })
    return out
  }

  /** torch.nn.LayerNorm(C, eps) over the last axis (C = its size); declares `prefix.weight`, `prefix.bias`. */
  layerNorm(prefix: string, x: Value, o: { eps?: number } = {}): Value {
    this.check(x)
    if (x.shape.length < 1) throw new AppError('bad-shape', `${prefix} (layerNorm): needs rank ≥ 1, found a scalar`)
    const eps = o.eps ?? 1e-5
    if (!(eps > 0)) throw new AppError('bad-argument', `${prefix} (layerNorm): eps must be positive, found ${eps}`)
    const c = x.shape[x.shape.length - 1]
    const weight = this.param(`${prefix}.weight`, [c])
    const bias = this.param(`${prefix}.bias`, [c])
    const out = this.newValue(x.shape, prefix)
    this.nodes.push({ op: 'layerNorm', name: prefix, output: out.id, input: x.id, weight, bias, eps })
    return out
  }

  // ---- parameter-free ops ---------------------------------------------------------------

  /** torch.matmul for rank ≥ 2: (..., m, k) × (..., k, n) → (..., m, n), batch axes broadcast. */
  matmul(a: Value, b: Value): Value {
    this.check(a)
    this.check(b)
    const shape = matmulShape(a.shape, b.shape)
    if (typeof shape === 'string') throw new AppError('bad-shape', `matmul: ${shape}`)
    return this.simple({ op: 'matmul', a: a.id, b: b.id }, shape)
  }

  relu(x: Value): Value {
    return this.unary('relu', x)
  }

  sigmoid(x: Value): Value {
    return this.unary('sigmoid', x)
  }

  maxPool2d(x: Value, o: PoolOptions): Value {
    return this.pool('maxPool', x, o, 2)
  }

  maxPool3d(x: Value, o: PoolOptions): Value {
    return this.pool('maxPool', x, o, 3)
  }

  avgPool2d(x: Value, o: PoolOptions): Value {
    return this.pool('avgPool', x, o, 2)
  }

  avgPool3d(x: Value, o: PoolOptions): Value {
    return this.pool('avgPool', x, o, 3)
  }

  pool(op: 'maxPool' | 'avgPool', x: Value, o: PoolOptions, spatial: number): Value {
    this.expectRank(x, spatial + 2, `${op}${spatial}d`)
    const kernel = tuple(o.kernel, spatial, `${op} kernel`)
    const strides = tuple(o.stride ?? kernel, spatial, `${op} stride`)
    const pads = toPads(o.pads, spatial, `${op} pads`)
    const ceilMode = o.ceilMode ?? false
    pads.forEach((p, i) => {
      if (p[0] > kernel[i] / 2 || p[1] > kernel[i] / 2) throw new AppError('bad-argument', `${op}: padding ${p.join('/')} exceeds half the kernel ${kernel[i]} (PyTorch rejects it)`)
    })
    const outSpatial = x.shape.slice(2).map((s, i) => windowOutput(s, kernel[i], strides[i], pads[i], 1, ceilMode))
    if (outSpatial.some((s) => s <= 0)) throw new AppError('bad-shape', `${op}: input ${formatShape(x.shape)} too small for kernel ${kernel.join('×')}`)
    const name = this.autoName(op)
    const out = this.newValue([x.shape[0], x.shape[1], ...outSpatial], name)
    this.nodes.push({ op, name, output: out.id, input: x.id, kernel, strides, pads, ceilMode, countIncludePad: o.countIncludePad ?? true })
    return out
  }

  concat(values: readonly Value[], axis: number): Value {
    if (values.length === 0) throw new AppError('bad-argument', 'concat: no inputs')
    values.forEach((v) => this.check(v))
    const rank = values[0].shape.length
    const a = normalizeAxis(axis, rank, 'concat')
    const shape = [...values[0].shape]
    shape[a] = 0
    for (const v of values) {
      const mismatch = v.shape.length !== rank || v.shape.some((d, i) => i !== a && d !== values[0].shape[i])
      if (mismatch) throw new AppError('bad-shape', `concat on axis ${a}: shapes ${values.map((u) => formatShape(u.shape)).join(' and ')} differ off that axis`)
      shape[a] += v.shape[a]
    }
    const name = this.autoName('concat')
    const out = this.newValue(shape, name)
    this.nodes.push({ op: 'concat', name, output: out.id, inputs: values.map((v) => v.id), axis: a })
    return out
  }

  /** Resize every spatial axis (after N, C). PyTorch F.interpolate semantics. */
  resize(x: Value, o: ResizeOptions): Value {
    this.check(x)
    const spatial = x.shape.length - 2
    let sizes: number[]
    if (o.sizes) sizes = tuple(o.sizes, spatial, 'resize sizes')
    else if (o.scales) {
      const scales = tuple(o.scales, spatial, 'resize scales')
      // PyTorch computes source coordinates from the scale factor; equal to size ratios only for integer scales
      if (scales.some((s) => !Number.isInteger(s) || s <= 0)) throw new AppError('bad-argument', `resize: only positive integer scales are supported, found ${scales.join(',')}`)
      sizes = x.shape.slice(2).map((s, i) => s * scales[i])
    } else throw new AppError('bad-argument', 'resize: give sizes or scales')
    if (o.mode === 'nearest' && o.alignCorners) throw new AppError('bad-argument', 'resize: align_corners applies to linear mode only')
    const name = this.autoName('resize')
    const out = this.newValue([x.shape[0], x.shape[1], ...sizes], name)
    this.nodes.push({ op: 'resize', name, output: out.id, input: x.id, mode: o.mode, coordinates: o.alignCorners ? 'align_corners' : 'half_pixel', sizes })
    return out
  }

  /** Softmax jointly over trailing axes (e.g. [2,3] for a spatial softmax of NCHW). */
  softmax(x: Value, axes: readonly number[]): Value {
    this.check(x)
    const rank = x.shape.length
    const norm = axes.map((a) => normalizeAxis(a, rank, 'softmax')).sort((p, q) => p - q)
    if (norm.length === 0 || norm.some((a, i) => a !== rank - norm.length + i)) {
      throw new AppError('bad-argument', `softmax: axes ${axes.join(',')} must be the trailing axes of a rank-${rank} tensor`)
    }
    return this.simple({ op: 'softmax', input: x.id, axes: norm }, x.shape)
  }

  reshape(x: Value, shape: readonly number[]): Value {
    this.check(x)
    const total = product(x.shape)
    const free = shape.filter((d) => d === -1).length
    if (free > 1) throw new AppError('bad-argument', `reshape: more than one -1 in ${formatShape(shape)}`)
    const known = product(shape.filter((d) => d !== -1))
    const resolved = shape.map((d) => (d === -1 ? total / known : d))
    if (product(resolved) !== total || resolved.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new AppError('bad-shape', `reshape: ${formatShape(x.shape)} (${total} elements) cannot become ${formatShape(shape)}`)
    }
    return this.simple({ op: 'reshape', input: x.id, shape: resolved }, resolved)
  }

  transpose(x: Value, perm: readonly number[]): Value {
    this.check(x)
    const rank = x.shape.length
    const sorted = [...perm].sort((p, q) => p - q)
    if (perm.length !== rank || sorted.some((p, i) => p !== i)) throw new AppError('bad-argument', `transpose: ${perm.join(',')} is not a permutation of ${rank} axes`)
    return this.simple({ op: 'transpose', input: x.id, perm: [...perm] }, perm.map((p) => x.shape[p]))
  }

  /** Drops size-1 axes (all of them when `axes` is omitted); recorded as a reshape. */
  squeeze(x: Value, axes?: readonly number[]): Value {
    this.check(x)
    const rank = x.shape.length
    const drop = axes ? axes.map((a) => normalizeAxis(a, rank, 'squeeze')) : x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
    for (const a of drop) if (x.shape[a] !== 1) throw new AppError('bad-shape', `squeeze: axis ${a} of ${formatShape(x.shape)} is not 1`)
    return this.reshape(x, x.shape.filter((_, i) => !drop.includes(i)))
  }

  unsqueeze(x: Value, axis: number): Value {
    this.check(x)
    const a = normalizeAxis(axis, x.shape.length + 1, 'unsqueeze')
    const shape = [...x.shape]
    shape.splice(a, 0, 1)
    return this.reshape(x, shape)
  }

  /** torch.flatten(x, start, end) */
  flatten(x: Value, start = 0, end = -1): Value {
    this.check(x)
    const rank = x.shape.length
    const s = normalizeAxis(start, rank, 'flatten')
    const e = normalizeAxis(end, rank, 'flatten')
    return this.reshape(x, [...x.shape.slice(0, s), product(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)])
  }

  slice(x: Value, axis: number, start: number, end: number): Value {
    this.check(x)
    const a = normalizeAxis(axis, x.shape.length, 'slice')
    if (!(start >= 0 && end <= x.shape[a] && start < end)) throw new AppError('bad-argument', `slice: [${start}, ${end}) outside axis ${a} of ${formatShape(x.shape)}`)
    const shape = [...x.shape]
    shape[a] = end - start
    return this.simple({ op: 'slice', input: x.id, axis: a, start, end }, shape)
  }

  expand(x: Value, shape: readonly number[]): Value {
    this.check(x)
    const b = broadcastShapes(x.shape, shape)
    if (!b || formatShape(b) !== formatShape(shape)) throw new AppError('bad-shape', `expand: ${formatShape(x.shape)} does not broadcast to ${formatShape(shape)}`)
    return this.simple({ op: 'expand', input: x.id, shape: [...shape] }, shape)
  }

  add(a: Value, b: Value | number): Value {
    return this.binary('add', a, b)
  }

  mul(a: Value, b: Value | number): Value {
    return this.binary('mul', a, b)
  }

  mean(x: Value, axes: readonly number[], keepDims = false): Value {
    this.check(x)
    const rank = x.shape.length
    const norm = [...new Set(axes.map((a) => normalizeAxis(a, rank, 'mean')))].sort((p, q) => p - q)
    const shape = keepDims ? x.shape.map((d, i) => (norm.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !norm.includes(i))
    return this.simple({ op: 'mean', input: x.id, axes: norm, keepDims }, shape)
  }

  constant(name: string, shape: Shape, data: Float32Array): Value {
    if (product(shape) !== data.length) throw new AppError('bad-shape', `constant '${name}': ${data.length} values do not fill ${formatShape(shape)}`)
    const out = this.newValue(shape, name)
    this.nodes.push({ op: 'constant', name, output: out.id, shape: [...shape], data })
    return out
  }

  // ---- internals ----------------------------------------------------------------------

  private unary(op: 'relu' | 'sigmoid', x: Value): Value {
    this.check(x)
    return this.simple({ op, input: x.id }, x.shape)
  }

  private binary(op: 'add' | 'mul', a: Value, b: Value | number): Value {
    this.check(a)
    if (typeof b === 'number') return this.simple({ op, a: a.id, b: { scalar: b } }, a.shape)
    this.check(b)
    const shape = broadcastShapes(a.shape, b.shape)
    if (!shape) throw new AppError('bad-shape', `${op}: ${formatShape(a.shape)} and ${formatShape(b.shape)} do not broadcast`)
    return this.simple({ op, a: a.id, b: { value: b.id } }, shape)
  }

  private simple<N extends DistributiveOmit<GraphNode, 'name' | 'output'>>(fields: N, shape: Shape): Value {
    const name = this.autoName(fields.op)
    const out = this.newValue(shape, name)
    this.nodes.push({ ...fields, name, output: out.id } as GraphNode)
    return out
  }

  private autoName(op: string): string {
    return `${op}_${this.autoNames++}`
  }

  private newValue(shape: Shape, what = 'value'): Value {
    if (shape.some((d) => !Number.isInteger(d) || d <= 0)) throw new AppError('bad-shape', `${what}: output shape ${formatShape(shape)} is empty or invalid`)
    const v: Value = { id: this.nextId++, shape: [...shape] }
    this.shapes.set(v.id, v.shape)
    return v
  }

  private check(v: Value): void {
    if (this.shapes.get(v.id) !== v.shape) throw new AppError('unknown-value', `value ${v.id} does not belong to graph '${this.name}'`)
  }

  private expectRank(x: Value, rank: number, what: string): void {
    this.check(x)
    if (x.shape.length !== rank) throw new AppError('bad-shape', `${what}: expected a rank-${rank} input, found ${formatShape(x.shape)}`)
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
