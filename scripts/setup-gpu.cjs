// `npm run setup:gpu`: the one command GPU users run once (needs the internet and a CUDA 12
// driver/toolkit). It installs what the default, offline-friendly install leaves out:
//   1. ONNX Runtime's CUDA execution provider for onnxruntime-node (inference on the GPU);
//   2. @tensorflow/tfjs-node-gpu (training on the GPU; it downloads libtensorflow 2.9.1, which
//      wants CUDA 11.2 + cuDNN 8.1 — on CUDA 12 machines tfjs falls back to wasm/cpu and says so).
// Each step reports its own success or failure; a failure never breaks the CPU install.
require('./check-node.cjs')
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')

const root = join(__dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function step(title, command, args, env = {}) {
  console.log(`\n== ${title}\n$ ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  console.log(ok ? `== ${title}: done` : `== ${title}: FAILED (exit ${result.status ?? result.error?.message})`)
  return ok
}

const ort = step(
  'ONNX Runtime CUDA provider',
  process.execPath,
  [join(root, 'node_modules', 'onnxruntime-node', 'script', 'install.js')],
  { ONNXRUNTIME_NODE_INSTALL: 'cuda12' }
)
const tfjs = step('TensorFlow.js with CUDA (tfjs-node-gpu)', npm, ['install', '--no-save', '@tensorflow/tfjs-node-gpu@4.22.0'])
console.log(
  `\nGPU setup: ONNX Runtime CUDA ${ort ? 'installed' : 'not installed'}, tfjs-node-gpu ${tfjs ? 'installed' : 'not installed'}.` +
    '\n`npx avsal info` and the status bar show which runtime and backend each run uses.'
)
process.exit(ort || tfjs ? 0 : 1)
