// What the hosts (Electron, the headless HTTP host, the CLI) use: the API implementation and the
// few host-side helpers. Hosts import this module (and src/shared) only.
export { AppService, type AppServiceOptions } from './service'
export { defaultDataDir } from './dataDir'
export { EventHub } from './events'
export { resolveMedia, type MediaTarget } from './mediaRouter'
export { frameMetricsOfFiles, checkpointInspectJson, inspectCheckpoint, modelNames, predictNpyFiles, type FrameMetricsRequest } from './tools'
export { packageInfo, bundledEntry } from '../core/packageInfo'
export { sendFile, mediaFileResponse, toWebResponse, resolveInside, contentTypeFor } from '../media'
export type { FinishedJob, FromJob, JobHandle, SpawnJob } from '../jobs'
