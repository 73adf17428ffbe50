// TensorFlow.js executor of the model graph IR (see executor.ts); register with registerTfjsExecutor().
export { BACKEND_ENV, parseBackendName, selectTfjsBackend, TFJS_BACKENDS, wasmBinaryDir, type SelectedBackend, type TfjsBackendName } from './backend'
export { convStrategy, type ConvStrategy } from './convPlan'
export { registerTfjsExecutor, TfjsExecutor, type TfjsExecutorOptions } from './executor'
