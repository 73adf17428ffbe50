// The inference engine: ViNet / AViNet / STAViS (and baselines) over a dataset's videos with the
// authors' preprocessing, clip schedules and post-processing; maps cached as PNG, runs logged.
export { runInference, outputFileName, type InferenceSpec, type InferenceHooks, type InferenceResult, type InferenceTiming, type VideoInferenceNote } from './runInference'
export { inferenceProfile, inferableModels, type InferenceProfile } from './profiles'
export { AUDIO_CONDITION_NAMES, type AudioConditionName } from './audio'
export type { InferenceWeights } from './weights'
export { modelInfos, weightsFromText, checkInferenceRequest } from './modelInfo'
