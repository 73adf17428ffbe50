// Executor-neutral graph IR for the saliency models. Tensors are NC(D)HW float32 with static
// shapes (a graph is built for one input shape). Parameters keep PyTorch's layout and are named
// by the official state-dict keys; executors convert layouts themselves.

export type Shape = readonly number[]

/** Handle to a tensor produced inside a graph. */
export interface Value {
  readonly id: number
  readonly shape: Shape
}

/** Per spatial axis [before, after] padding, in PyTorch's axis order (D,H,W or H,W). */
export type Pads = ReadonlyArray<readonly [number, number]>

export interface ParamSpec {
  /** official state-dict key, e.g. 'backbone.base1.0.conv_s.weight' */
  key: string
  shape: Shape
}

interface NodeBase {
  /** the module path this node came from (state-dict prefix), for error messages and debugging */
  readonly name: string
  readonly output: number
}

export interface ConvNode extends NodeBase {
  op: 'conv'
  input: number
  /** weight (out, in/groups, ...kernel) */
  weight: string
  bias: string | null
  kernel: readonly number[]
  strides: readonly number[]
  dilations: readonly number[]
  pads: Pads
  groups: number
}

export interface ConvTransposeNode extends NodeBase {
  op: 'convTranspose'
  input: number
  /** weight (in, out/groups, ...kernel), PyTorch ConvTranspose layout */
  weight: string
  bias: string | null
  kernel: readonly number[]
  strides: readonly number[]
  dilations: readonly number[]
  /** cropped from the full output, as PyTorch's `padding` */
  pads: Pads
  outputPadding: readonly number[]
  groups: number
}

export interface BatchNormNode extends NodeBase {
  op: 'batchNorm'
  input: number
  weight: string
  bias: string
  runningMean: string
  runningVar: string
  eps: number
}

export interface UnaryNode extends NodeBase {
  op: 'relu' | 'sigmoid'
  input: number
}

export interface PoolNode extends NodeBase {
  op: 'maxPool' | 'avgPool'
  input: number
  kernel: readonly number[]
  strides: readonly number[]
  pads: Pads
  ceilMode: boolean
  /** avgPool only: divide by the full window including padding (PyTorch's default true) */
  countIncludePad: boolean
}

export interface ConcatNode extends NodeBase {
  op: 'concat'
  inputs: readonly number[]
  axis: number
}

export interface ResizeNode extends NodeBase {
  op: 'resize'
  input: number
  /** 'linear' = bilinear on 4-D, trilinear on 5-D */
  mode: 'linear' | 'nearest'
  /** half_pixel = PyTorch align_corners=False; nearest always uses PyTorch's floor(asymmetric) rule */
  coordinates: 'half_pixel' | 'align_corners'
  /** output size of every spatial axis (all axes after N, C) */
  sizes: readonly number[]
}

export interface SoftmaxNode extends NodeBase {
  op: 'softmax'
  input: number
  /** trailing axes, contiguous, softmax taken over all of them jointly */
  axes: readonly number[]
}

export interface LinearNode extends NodeBase {
  op: 'linear'
  input: number
  /** weight (out, in), applied on the last axis */
  weight: string
  bias: string | null
}

export interface BilinearNode extends NodeBase {
  op: 'bilinear'
  /** (..., in1) */
  input1: number
  /** (..., in2), same leading shape as input1 */
  input2: number
  /** weight (out, in1, in2): out[k] = Σ_ij x1[i]·W[k,i,j]·x2[j] + bias[k] */
  weight: string
  bias: string | null
}

export interface ReshapeNode extends NodeBase {
  op: 'reshape'
  input: number
  shape: Shape
}

export interface TransposeNode extends NodeBase {
  op: 'transpose'
  input: number
  perm: readonly number[]
}

export interface SliceNode extends NodeBase {
  op: 'slice'
  input: number
  axis: number
  start: number
  /** exclusive */
  end: number
}

export interface ExpandNode extends NodeBase {
  op: 'expand'
  input: number
  /** numpy broadcast target */
  shape: Shape
}

/** Elementwise with numpy broadcasting; `b` may be a value id or a scalar constant. */
export interface BinaryNode extends NodeBase {
  op: 'add' | 'mul'
  a: number
  b: { value: number } | { scalar: number }
}

export interface MeanNode extends NodeBase {
  op: 'mean'
  input: number
  axes: readonly number[]
  keepDims: boolean
}

/** Batched matrix product with numpy/torch.matmul broadcasting: a (..., m, k) × b (..., k, n) → (..., m, n); both rank ≥ 2. */
export interface MatMulNode extends NodeBase {
  op: 'matmul'
  a: number
  b: number
}

/** torch.nn.LayerNorm over the last axis: (x − mean) / sqrt(var + eps) · weight + bias, biased variance. */
export interface LayerNormNode extends NodeBase {
  op: 'layerNorm'
  input: number
  /** (C,) with C = the last axis */
  weight: string
  bias: string
  eps: number
}

/** A checkpoint parameter read as a tensor value (a registered buffer such as a positional-encoding table, or a packed projection weight). */
export interface ParamValueNode extends NodeBase {
  op: 'paramValue'
  /** declared parameter key; the value has the parameter's shape */
  key: string
}

/** A fixed tensor computed at build time (not a checkpoint parameter), e.g. a centre-bias map. */
export interface ConstantNode extends NodeBase {
  op: 'constant'
  shape: Shape
  data: Float32Array
}

export type GraphNode =
  | ConvNode
  | ConvTransposeNode
  | BatchNormNode
  | UnaryNode
  | PoolNode
  | ConcatNode
  | ResizeNode
  | SoftmaxNode
  | LinearNode
  | BilinearNode
  | ReshapeNode
  | TransposeNode
  | SliceNode
  | ExpandNode
  | BinaryNode
  | MeanNode
  | ConstantNode
  | MatMulNode
  | LayerNormNode
  | ParamValueNode

export type OpName = GraphNode['op']

export interface GraphIO {
  name: string
  id: number
  shape: Shape
}

export interface Graph {
  name: string
  inputs: GraphIO[]
  outputs: GraphIO[]
  /** in execution order (topological) */
  nodes: GraphNode[]
  /** shape of every value id */
  shapes: Map<number, Shape>
  /** parameters the forward uses, in declaration order */
  params: ParamSpec[]
  /** keys the official state dict holds but the forward does not read (num_batches_tracked, unused heads) */
  ignoredKeys: ParamSpec[]
  /** named intermediate values (cut points between model stages, see subgraph.ts): name → value id */
  marks: Map<string, number>
}

/** A dense float32 tensor in row-major order (weights, executor inputs and outputs). */
export interface Float32Tensor {
  shape: number[]
  data: Float32Array
}

export type WeightMap = ReadonlyMap<string, Float32Tensor>
