// Which queue lane (device) an inference job waits in: ONNX Runtime with its CUDA provider
// installed runs on the GPU, everything else on the CPU. Decided from the files on disk, so the
// app process never loads the native binding to plan a job.
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { RuntimeName } from '../../models/graph/executor'

let cudaPresent: boolean | undefined

function cudaProviderPresent(): boolean {
  if (cudaPresent !== undefined) return cudaPresent
  try {
    const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'))
    const binDir = join(dirname(req.resolve('onnxruntime-node/package.json')), 'bin')
    const walk = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.startsWith('libonnxruntime_providers_cuda')))
    cudaPresent = existsSync(binDir) && walk(binDir)
  } catch {
    cudaPresent = false
  }
  return cudaPresent
}

export function inferenceDevice(runtime: RuntimeName): string {
  if (runtime === 'ort' && cudaProviderPresent()) return 'cuda:0'
  if (runtime === 'tfjs' && /gpu/i.test(process.env.AVSAL_TFJS_BACKEND ?? '')) return 'gpu:0'
  return 'cpu'
}
