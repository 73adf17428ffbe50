// Picks the TensorFlow.js backend: tfjs-node-gpu → tfjs-node → wasm (SIMD, single-threaded in
// Node) → cpu, unless the caller or AVSAL_TFJS_BACKEND forces one. tfjs-node(-gpu) are optional
// native packages, so they are loaded by name at run time and never bundled.
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { AppError } from '../../../shared/errors'

export type TfjsBackendName = 'node-gpu' | 'node' | 'wasm' | 'cpu'

export const TFJS_BACKENDS: readonly TfjsBackendName[] = ['node-gpu', 'node', 'wasm', 'cpu']

export const BACKEND_ENV = 'AVSAL_TFJS_BACKEND'

export interface SelectedBackend {
  name: TfjsBackendName
  /** the name tfjs-core registered it under ('tensorflow' for both native packages) */
  tfName: string
  /** executor.provider, e.g. 'tfjs-wasm' */
  provider: string
}

export interface BackendAttempt {
  name: TfjsBackendName
  error: string
}

const NATIVE_PACKAGES: Record<'node-gpu' | 'node', string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node'
}

export function parseBackendName(value: string, source: string): TfjsBackendName {
  const v = value.trim().toLowerCase().replace(/^tfjs-/, '')
  const found = TFJS_BACKENDS.find((b) => b === v)
  if (!found) throw new AppError('bad-option', `${source}: unknown tfjs backend '${value}' (expected one of ${TFJS_BACKENDS.join(', ')})`)
  return found
}

function moduleRequire(): NodeJS.Require {
  // bundled CommonJS has `require`; under ESM (vitest) resolve from the working directory
  return typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'))
}

/** Directory holding tfjs-backend-wasm's .wasm binaries, with a trailing separator. */
export function wasmBinaryDir(): string {
  const file = moduleRequire().resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')
  return dirname(file) + sep
}

let wasmPathsSet = false

async function activate(name: TfjsBackendName): Promise<string> {
  if (name === 'node' || name === 'node-gpu') {
    // loading the package registers the 'tensorflow' backend with the shared tfjs-core
    moduleRequire()(NATIVE_PACKAGES[name])
    if (!tf.findBackendFactory('tensorflow')) throw new Error(`${NATIVE_PACKAGES[name]} loaded but registered no 'tensorflow' backend with this tfjs-core`)
    if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed")
    return 'tensorflow'
  }
  if (name === 'wasm' && !wasmPathsSet) {
    setWasmPaths(wasmBinaryDir())
    wasmPathsSet = true
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed`)
  await tf.ready()
  return name
}

export interface SelectOptions {
  /** force one backend; otherwise AVSAL_TFJS_BACKEND, otherwise the preference order */
  backend?: TfjsBackendName
  /** false skips tfjs-node-gpu in automatic selection */
  preferGpu?: boolean
  env?: Record<string, string | undefined>
}

/** The order automatic selection tries, or the single forced backend. */
export function backendCandidates(o: SelectOptions): TfjsBackendName[] {
  const fromEnv = (o.env ?? process.env)[BACKEND_ENV]
  if (o.backend) return [o.backend]
  if (fromEnv && fromEnv.trim()) return [parseBackendName(fromEnv, `environment variable ${BACKEND_ENV}`)]
  return TFJS_BACKENDS.filter((b) => b !== 'node-gpu' || o.preferGpu !== false)
}

/** Activates the first backend that loads; a forced backend that fails raises instead of falling back. */
export async function selectTfjsBackend(o: SelectOptions = {}): Promise<SelectedBackend & { attempts: BackendAttempt[] }> {
  const candidates = backendCandidates(o)
  const attempts: BackendAttempt[] = []
  for (const name of candidates) {
    try {
      const tfName = await activate(name)
      return { name, tfName, provider: `tfjs-${name}`, attempts }
    } catch (err) {
      attempts.push({ name, error: err instanceof Error ? err.message.split('\n')[0] : String(err) })
    }
  }
  const tried = attempts.map((a) => `${a.name}: ${a.error}`).join('; ')
  throw new AppError('backend-unavailable', `no TensorFlow.js backend could be started (tried ${tried})`)
}

/** Makes `selected` the active backend again (tfjs keeps one global engine). */
export async function ensureBackend(selected: SelectedBackend): Promise<void> {
  if (tf.getBackend() !== selected.tfName) await activate(selected.name)
}
