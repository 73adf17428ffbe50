// ONNX message encoders (field numbers from onnx/onnx.proto) over the protobuf writer.
import { ProtoWriter } from './protobuf'

export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string }

export interface OnnxNode {
  opType: string
  name: string
  inputs: readonly string[]
  outputs: readonly string[]
  attributes?: Record<string, AttributeValue>
}

export type OnnxDataType = 'float' | 'int64'

export interface OnnxTensor {
  name: string
  dims: readonly number[]
  dataType: OnnxDataType
  /** little-endian raw bytes */
  raw: Uint8Array
}

export interface OnnxValueInfo {
  name: string
  dims: readonly number[]
  dataType: OnnxDataType
}

export interface OnnxModel {
  irVersion: number
  opsetVersion: number
  producerName: string
  producerVersion: string
  graph: {
    name: string
    nodes: OnnxNode[]
    initializers: OnnxTensor[]
    inputs: OnnxValueInfo[]
    outputs: OnnxValueInfo[]
  }
}

/** TensorProto.DataType */
const DATA_TYPE: Record<OnnxDataType, number> = { float: 1, int64: 7 }

/** AttributeProto.AttributeType */
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const

function encodeAttribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name)
  if ('int' in value) w.int(3, value.int).int(20, ATTR.INT)
  else if ('float' in value) w.float(2, value.float).int(20, ATTR.FLOAT)
  else if ('ints' in value) w.packedInts(8, value.ints).int(20, ATTR.INTS)
  else if ('floats' in value) w.packedFloats(7, value.floats).int(20, ATTR.FLOATS)
  else w.string(4, value.string).int(20, ATTR.STRING)
  return w
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter()
  for (const i of node.inputs) w.string(1, i)
  for (const o of node.outputs) w.string(2, o)
  w.string(3, node.name).string(4, node.opType)
  for (const [name, value] of Object.entries(node.attributes ?? {})) w.message(5, encodeAttribute(name, value))
  return w
}

function encodeTensor(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter()
  if (t.dims.length > 0) w.packedInts(1, t.dims)
  return w.int(2, DATA_TYPE[t.dataType]).string(8, t.name).bytes(9, t.raw)
}

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter()
  for (const d of v.dims) shape.message(1, new ProtoWriter().int(1, d))
  const tensorType = new ProtoWriter().int(1, DATA_TYPE[v.dataType]).message(2, shape)
  const type = new ProtoWriter().message(1, tensorType)
  return new ProtoWriter().string(1, v.name).message(2, type)
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const g = new ProtoWriter()
  for (const n of model.graph.nodes) g.message(1, encodeNode(n))
  g.string(2, model.graph.name)
  for (const t of model.graph.initializers) g.message(5, encodeTensor(t))
  for (const i of model.graph.inputs) g.message(11, encodeValueInfo(i))
  for (const o of model.graph.outputs) g.message(12, encodeValueInfo(o))
  const opset = new ProtoWriter().string(1, '').int(2, model.opsetVersion)
  return new ProtoWriter()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .message(7, g)
    .message(8, opset)
    .finish()
}

export function int64Raw(values: readonly number[]): Uint8Array {
  const a = new BigInt64Array(values.map((v) => BigInt(v)))
  return new Uint8Array(a.buffer)
}

export function float32Raw(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
}
