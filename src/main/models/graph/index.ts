// Executor-neutral model description API (see README.md in this folder).
export { GraphBuilder, type BatchNormOptions, type ConvOptions, type ConvTransposeOptions, type PoolOptions, type ResizeOptions } from './builder'
export {
  createExecutor,
  registerExecutor,
  registeredRuntimes,
  type Executor,
  type ExecutorFactory,
  type ExecutorOptions,
  type RuntimeName
} from './executor'
export { graphCost, paramCount, type GraphCost } from './flops'
export { nodeInputs, nodeParams } from './nodes'
export { extractSubgraph, resolveValue, type GraphCut, type ValueRef } from './subgraph'
export { broadcastShapes, formatShape, matmulShape, product, transposedOutput, windowOutput } from './shapes'
export type * from './types'
