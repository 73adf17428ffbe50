// The job system: a registry of job kinds, a queue per device shared by every process using the
// log, one message protocol, and the job process that runs each job.
export { JobSystem, type FinishedJob, type JobSystemOptions } from './jobSystem'
export { defaultJobSpawner, forkSpawner, type JobHandle, type SpawnJob, type ForkOptions } from './spawn'
export type { FromJob, ToJob } from './protocol'
export { isJobKindName, type JobKindName, type JobRequests } from './registry'
