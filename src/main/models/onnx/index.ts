// ONNX emission and the onnxruntime-node executor.
export { emitOnnx, graphToOnnxModel, ONNX_IR_VERSION, ONNX_OPSET } from './emit'
export { encodeModel, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnxProto'
export { encodeVarint, ProtoWriter } from './protobuf'
export { ortCudaInstalled, OrtExecutor, registerOrtExecutor } from './ortExecutor'
