// PyTorch checkpoint import (torch.save zip and legacy formats) and export (zip), no Python at run time.
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
export {
  torchArchiveName,
  writeCheckpoint,
  writeCheckpointFile,
  type WritableTensor,
  type WriteCheckpointOptions
} from './writeCheckpoint'
