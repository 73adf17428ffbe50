// PyTorch checkpoint import (torch.save zip and legacy formats), no Python at run time.
export type { TorchDtype } from './dtypes'
export type { TorchTensor } from './tensorData'
export { readCheckpoint, type Checkpoint, type ReadCheckpointOptions } from './readCheckpoint'
export {
  checkpointInspectJson,
  inspectCheckpoint,
  inspectCheckpointBytes,
  tensorSum,
  type CheckpointInspection,
  type InspectedTensor
} from './inspectCheckpoint'
