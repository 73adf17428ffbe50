// What a run records as its runtime ('onnxruntime-node 1.30.0'), read from the package's own
// package.json so that planning a run never loads the native binding.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { RuntimeName } from '../../models/graph/executor'

let ortVersion: string | null | undefined

function onnxRuntimeVersion(): string | null {
  if (ortVersion !== undefined) return ortVersion
  try {
    // bundled CommonJS has `require`; under ESM (tests) resolve from the working directory
    const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'))
    const pkg = JSON.parse(readFileSync(req.resolve('onnxruntime-node/package.json'), 'utf8')) as { version?: string }
    ortVersion = pkg.version ?? null
  } catch {
    ortVersion = null
  }
  return ortVersion
}

export function runtimeLabel(runtime: RuntimeName): string {
  if (runtime !== 'ort') return runtime
  const version = onnxRuntimeVersion()
  return version ? `onnxruntime-node ${version}` : 'onnxruntime-node'
}
