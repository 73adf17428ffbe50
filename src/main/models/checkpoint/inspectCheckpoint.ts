// What `avsal checkpoint inspect FILE --json` prints: every state-dict tensor's key, shape,
// dtype and the float64 sum of its values (a cheap fingerprint to compare against PyTorch).
import { readFileSync } from 'node:fs'
import { readCheckpoint } from './readCheckpoint'
import type { TorchTensor } from './tensorData'

export interface InspectedTensor {
  key: string
  shape: number[]
  dtype: TorchTensor['dtype']
  sum: number
}

export interface CheckpointInspection {
  tensors: InspectedTensor[]
}

/** Sum of all values, accumulated in float64 in row-major order (int64 via Number()). */
export function tensorSum(tensor: TorchTensor): number {
  let sum = 0
  if (tensor.dtype === 'int64') {
    for (const value of tensor.data) sum += Number(value)
    return sum
  }
  const data = tensor.data
  for (let i = 0; i < data.length; i++) sum += data[i]
  return sum
}

export function inspectCheckpointBytes(bytes: Uint8Array, path?: string): CheckpointInspection {
  const checkpoint = readCheckpoint(bytes, path)
  const tensors: InspectedTensor[] = []
  for (const [key, tensor] of checkpoint.tensors) {
    tensors.push({ key, shape: tensor.shape, dtype: tensor.dtype, sum: tensorSum(tensor) })
  }
  return { tensors }
}

export function inspectCheckpoint(path: string): CheckpointInspection {
  return inspectCheckpointBytes(new Uint8Array(readFileSync(path)), path)
}

/** The CLI's JSON. Non-finite sums (NaN/Inf weights) print as null, as JSON has no NaN. */
export function checkpointInspectJson(path: string): string {
  return JSON.stringify(inspectCheckpoint(path))
}
