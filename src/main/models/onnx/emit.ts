// Graph IR → ONNX ModelProto bytes (opset 17, IR version 8; onnxruntime-node 1.30 reads IR ≤ 11).
// Parameters become float32 initializers named by their state-dict keys.
import { formatShape, product } from '../graph/shapes'
import type { Float32Tensor, Graph, GraphNode, Pads, WeightMap } from '../graph/types'
import { encodeModel, float32Raw, int64Raw, type AttributeValue, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnxProto'
import { AppError } from '../../../shared/errors'

export const ONNX_OPSET = 17
export const ONNX_IR_VERSION = 8

const onnxPads = (pads: Pads): number[] => [...pads.map((p) => p[0]), ...pads.map((p) => p[1])]
const ints = (v: readonly number[]): AttributeValue => ({ ints: v })

class Emission {
  readonly nodes: OnnxNode[] = []
  readonly initializers: OnnxTensor[] = []
  private readonly initialized = new Set<string>()
  private counter = 0

  constructor(
    private readonly graph: Graph,
    private readonly weights: WeightMap
  ) {}

  value(id: number): string {
    const input = this.graph.inputs.find((i) => i.id === id)
    return input ? input.name : `v${id}`
  }

  fresh(base: string): string {
    return `${base}__${this.counter++}`
  }

  node(opType: string, name: string, inputs: readonly string[], outputs: readonly string[], attributes?: Record<string, AttributeValue>): void {
    this.nodes.push({ opType, name: this.fresh(name), inputs, outputs, attributes })
  }

  int64s(base: string, values: readonly number[]): string {
    const name = this.fresh(base)
    this.initializers.push({ name, dims: [values.length], dataType: 'int64', raw: int64Raw(values) })
    return name
  }

  floats(name: string, dims: readonly number[], data: Float32Array): string {
    if (!this.initialized.has(name)) {
      this.initialized.add(name)
      this.initializers.push({ name, dims, dataType: 'float', raw: float32Raw(data) })
    }
    return name
  }

  weight(key: string): Float32Tensor {
    const spec = this.graph.params.find((p) => p.key === key)
    const t = this.weights.get(key)
    if (!spec) throw new AppError('weights-mismatch', `graph '${this.graph.name}' uses parameter '${key}' that it never declared`)
    if (!t) throw new AppError('weights-mismatch', `graph '${this.graph.name}': no weight for '${key}' (expected shape ${formatShape(spec.shape)})`)
    if (formatShape(t.shape) !== formatShape(spec.shape) || t.data.length !== product(spec.shape)) {
      throw new AppError('weights-mismatch', `graph '${this.graph.name}': weight '${key}' has shape ${formatShape(t.shape)}, expected ${formatShape(spec.shape)}`)
    }
    return t
  }

  /** a parameter used as is */
  param(key: string): string {
    const t = this.weight(key)
    return this.floats(key, t.shape, t.data)
  }

  shape(id: number): readonly number[] {
    const s = this.graph.shapes.get(id)
    if (!s) throw new AppError('weights-mismatch', `graph '${this.graph.name}': value ${id} has no shape`)
    return s
  }
}

function emitNode(e: Emission, n: GraphNode): void {
  const out = e.value(n.output)
  switch (n.op) {
    case 'conv':
    case 'convTranspose': {
      const inputs = [e.value(n.input), e.param(n.weight), ...(n.bias ? [e.param(n.bias)] : [])]
      const attrs: Record<string, AttributeValue> = {
        kernel_shape: ints(n.kernel),
        strides: ints(n.strides),
        dilations: ints(n.dilations),
        pads: ints(onnxPads(n.pads)),
        group: { int: n.groups }
      }
      if (n.op === 'convTranspose') attrs.output_padding = ints(n.outputPadding)
      e.node(n.op === 'conv' ? 'Conv' : 'ConvTranspose', n.name, inputs, [out], attrs)
      return
    }
    case 'batchNorm':
      e.node('BatchNormalization', n.name, [e.value(n.input), e.param(n.weight), e.param(n.bias), e.param(n.runningMean), e.param(n.runningVar)], [out], {
        epsilon: { float: n.eps }
      })
      return
    case 'relu':
      e.node('Relu', n.name, [e.value(n.input)], [out])
      return
    case 'sigmoid':
      e.node('Sigmoid', n.name, [e.value(n.input)], [out])
      return
    case 'maxPool':
    case 'avgPool': {
      const attrs: Record<string, AttributeValue> = {
        kernel_shape: ints(n.kernel),
        strides: ints(n.strides),
        pads: ints(onnxPads(n.pads)),
        ceil_mode: { int: n.ceilMode ? 1 : 0 }
      }
      if (n.op === 'avgPool') attrs.count_include_pad = { int: n.countIncludePad ? 1 : 0 }
      e.node(n.op === 'maxPool' ? 'MaxPool' : 'AveragePool', n.name, [e.value(n.input)], [out], attrs)
      return
    }
    case 'concat':
      e.node('Concat', n.name, n.inputs.map((i) => e.value(i)), [out], { axis: { int: n.axis } })
      return
    case 'resize':
      emitResize(e, n)
      return
    case 'softmax': {
      const inShape = e.shape(n.input)
      const outer = product(inShape.slice(0, n.axes[0]))
      const inner = product(inShape.slice(n.axes[0]))
      const flat = e.fresh(`${n.name}_flat`)
      const soft = e.fresh(`${n.name}_soft`)
      e.node('Reshape', n.name, [e.value(n.input), e.int64s('shape', [outer, inner])], [flat])
      e.node('Softmax', n.name, [flat], [soft], { axis: { int: 1 } })
      e.node('Reshape', n.name, [soft, e.int64s('shape', inShape)], [out])
      return
    }
    case 'linear': {
      const w = e.weight(n.weight)
      const [outF, inF] = w.shape
      const wt = e.floats(`${n.weight}::transposed`, [inF, outF], transpose2d(w.data, outF, inF))
      const mm = n.bias ? e.fresh(`${n.name}_mm`) : out
      e.node('MatMul', n.name, [e.value(n.input), wt], [mm])
      if (n.bias) e.node('Add', n.name, [mm, e.param(n.bias)], [out])
      return
    }
    case 'bilinear':
      emitBilinear(e, n)
      return
    case 'reshape':
      e.node('Reshape', n.name, [e.value(n.input), e.int64s('shape', n.shape)], [out])
      return
    case 'transpose':
      e.node('Transpose', n.name, [e.value(n.input)], [out], { perm: ints(n.perm) })
      return
    case 'slice':
      e.node('Slice', n.name, [e.value(n.input), e.int64s('starts', [n.start]), e.int64s('ends', [n.end]), e.int64s('axes', [n.axis])], [out])
      return
    case 'expand':
      e.node('Expand', n.name, [e.value(n.input), e.int64s('shape', n.shape)], [out])
      return
    case 'add':
    case 'mul': {
      const b = 'value' in n.b ? e.value(n.b.value) : e.floats(e.fresh('scalar'), [], Float32Array.of(n.b.scalar))
      e.node(n.op === 'add' ? 'Add' : 'Mul', n.name, [e.value(n.a), b], [out])
      return
    }
    case 'mean':
      e.node('ReduceMean', n.name, [e.value(n.input)], [out], { axes: ints(n.axes), keepdims: { int: n.keepDims ? 1 : 0 } })
      return
    case 'constant':
      e.floats(out, n.shape, n.data)
      return
    case 'matmul':
      e.node('MatMul', n.name, [e.value(n.a), e.value(n.b)], [out])
      return
    case 'layerNorm':
      // LayerNormalization is in the default domain from opset 17
      e.node('LayerNormalization', n.name, [e.value(n.input), e.param(n.weight), e.param(n.bias)], [out], { axis: { int: e.shape(n.input).length - 1 }, epsilon: { float: n.eps } })
      return
    case 'paramValue':
      e.node('Identity', n.name, [e.param(n.key)], [out])
      return
  }
}

function emitResize(e: Emission, n: Extract<GraphNode, { op: 'resize' }>): void {
  const inShape = e.shape(n.input)
  const outShape = e.shape(n.output)
  const attrs: Record<string, AttributeValue> =
    n.mode === 'nearest'
      ? { mode: { string: 'nearest' }, coordinate_transformation_mode: { string: 'asymmetric' }, nearest_mode: { string: 'floor' } }
      : { mode: { string: 'linear' }, coordinate_transformation_mode: { string: n.coordinates } }
  // 5-D with an unchanged leading spatial axis (ViNet's (1,2,2)): fold it into channels and
  // resize 4-D, which every runtime supports, instead of relying on trilinear kernels
  if (inShape.length === 5 && inShape[2] === outShape[2]) {
    const [nb, c, t, h, w] = inShape
    const folded = e.fresh(`${n.name}_fold`)
    const resized = e.fresh(`${n.name}_4d`)
    e.node('Reshape', n.name, [e.value(n.input), e.int64s('shape', [nb, c * t, h, w])], [folded])
    e.node('Resize', n.name, [folded, '', '', e.int64s('sizes', [nb, c * t, outShape[3], outShape[4]])], [resized], attrs)
    e.node('Reshape', n.name, [resized, e.int64s('shape', outShape)], [e.value(n.output)])
    return
  }
  e.node('Resize', n.name, [e.value(n.input), '', '', e.int64s('sizes', outShape)], [e.value(n.output)], attrs)
}

/** out[..., k] = Σ_ij x1[..., i] W[k,i,j] x2[..., j] + b[k] as two batched matmuls */
function emitBilinear(e: Emission, n: Extract<GraphNode, { op: 'bilinear' }>): void {
  const w = e.weight(n.weight)
  const [outF, in1, in2] = w.shape
  const s1 = e.shape(n.input1)
  const m = product(s1.slice(0, -1))
  // W (out,in1,in2) → (in1, out·in2)
  const permuted = new Float32Array(w.data.length)
  for (let k = 0; k < outF; k++)
    for (let i = 0; i < in1; i++)
      for (let j = 0; j < in2; j++) permuted[i * outF * in2 + k * in2 + j] = w.data[(k * in1 + i) * in2 + j]
  const wp = e.floats(`${n.weight}::bilinear`, [in1, outF * in2], permuted)
  const x1 = e.fresh(`${n.name}_x1`)
  const t = e.fresh(`${n.name}_t`)
  const t3 = e.fresh(`${n.name}_t3`)
  const x2 = e.fresh(`${n.name}_x2`)
  const prod = e.fresh(`${n.name}_prod`)
  e.node('Reshape', n.name, [e.value(n.input1), e.int64s('shape', [m, in1])], [x1])
  e.node('MatMul', n.name, [x1, wp], [t])
  e.node('Reshape', n.name, [t, e.int64s('shape', [m, outF, in2])], [t3])
  e.node('Reshape', n.name, [e.value(n.input2), e.int64s('shape', [m, in2, 1])], [x2])
  e.node('MatMul', n.name, [t3, x2], [prod])
  const flat = e.fresh(`${n.name}_flat`)
  e.node('Reshape', n.name, [prod, e.int64s('shape', [m, outF])], [flat])
  let summed = flat
  if (n.bias) {
    summed = e.fresh(`${n.name}_bias`)
    e.node('Add', n.name, [flat, e.param(n.bias)], [summed])
  }
  e.node('Reshape', n.name, [summed, e.int64s('shape', e.shape(n.output))], [e.value(n.output)])
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]
  return out
}

export function graphToOnnxModel(graph: Graph, weights: WeightMap): OnnxModel {
  const e = new Emission(graph, weights)
  for (const n of graph.nodes) emitNode(e, n)
  for (const o of graph.outputs) e.node('Identity', `output_${o.name}`, [e.value(o.id)], [o.name])
  return {
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'avsal-workstation',
    producerVersion: '1',
    graph: {
      name: graph.name,
      nodes: e.nodes,
      initializers: e.initializers,
      inputs: graph.inputs.map((i) => ({ name: i.name, dims: i.shape, dataType: 'float' as const })),
      outputs: graph.outputs.map((o) => ({ name: o.name, dims: o.shape, dataType: 'float' as const }))
    }
  }
}

/** Serialised ONNX model; weights must hold every graph parameter with its declared shape. */
export function emitOnnx(graph: Graph, weights: WeightMap): Uint8Array {
  return encodeModel(graphToOnnxModel(graph, weights))
}
