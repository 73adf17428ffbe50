// Models run stage by stage (visual | audio | fusion | decoder), see ../architectures/stages.ts.
export { planStages, type StagePlan } from './planStages'
export { createStagedExecutor, type StagedExecutor, type Tensors } from './stagedExecutor'
