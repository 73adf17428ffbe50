// Queue benchmark: four ViNet inference jobs (synthetic weights, the released 224×384 input,
// 32-frame videos, each job its own video) submitted back to back through the app's job system
// with real job processes — once queued (one model job per device, the default; each job gets
// every core as ONNX Runtime threads) and once all four at the same time (AVSAL_JOBS_PER_DEVICE=4,
// one thread each: what the old engine ran, whose ONNX Runtime defaulted to one thread here).
// Reports the total wall time, when the first job was done, the mean completion time and every
// job's time in the queue and in total. Target: queued not slower.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppService } from '../src/main/app/service'
import { resolveFfmpeg } from '../src/main/media'
import { runTool } from '../src/main/media/runTool'
import { round } from './common'

export interface QueueBenchOptions {
  jobs?: number
  frames?: number
}

interface ModeResult {
  perDevice: number
  /** CPU threads each job's ONNX Runtime session used */
  threadsPerJob: number
  wallSeconds: number
  /** when the first job was done, and the mean of the four completion times */
  firstDoneSeconds: number
  meanDoneSeconds: number
  /** per job: seconds from submit to end, and in the queue */
  jobs: { totalSeconds: number; queuedSeconds: number; status: string }[]
}

export interface QueueBenchResult {
  jobs: number
  framesPerJob: number
  model: string
  queued: ModeResult
  concurrent: ModeResult
  /** concurrent wall time / queued wall time (> 1: queued finishes sooner) */
  speedupOfQueue: number
}

async function makeVideos(root: string, count: number, frames: number): Promise<void> {
  const bins = resolveFfmpeg()
  mkdirSync(root, { recursive: true })
  for (let k = 0; k < count; k++) {
    const made = await runTool(
      bins.ffmpeg,
      ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30`, '-frames:v', String(frames),
        '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', join(root, `video${k}.mp4`)],
      { timeoutMs: 120_000 }
    )
    if (made.exitCode !== 0) throw new Error(`ffmpeg could not make video ${k}: ${made.stderr.slice(-300)}`)
  }
}

async function runMode(root: string, jobs: number, perDevice: number): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'avsal-bench-queue-data-'))
  const service = new AppService({ dataDir, host: 'browser', version: 'bench', jobsPerDevice: perDevice })
  try {
    const dataset = await service.openDataset(root)
    const videos = (await service.listVideos(dataset.id)).map((v) => v.name)
    const started = performance.now()
    const running = new Map<string, number>()
    service.events.on((e) => {
      if (e.type === 'job-progress' && e.progress.status === 'running' && !running.has(e.progress.jobId)) running.set(e.progress.jobId, performance.now())
    })
    const submitted = []
    for (let k = 0; k < jobs; k++) {
      const at = performance.now()
      const job = await service.startInference({ datasetId: dataset.id, model: 'vinet', weights: 'synthetic', videos: [videos[k % videos.length]] })
      submitted.push({ ...job, at })
    }
    const ends = await Promise.all(submitted.map(async (job) => ({ job, finished: await service.waitForJob(job.jobId), end: performance.now() })))
    const done = ends.map(({ end }) => (end - started) / 1000)
    return {
      perDevice,
      threadsPerJob: Math.max(1, Math.floor(availableParallelism() / perDevice)),
      wallSeconds: round((performance.now() - started) / 1000, 1),
      firstDoneSeconds: round(Math.min(...done), 1),
      meanDoneSeconds: round(done.reduce((a, b) => a + b, 0) / done.length, 1),
      jobs: ends.map(({ job, finished, end }) => ({
        totalSeconds: round((end - job.at) / 1000, 1),
        queuedSeconds: round(((running.get(job.jobId) ?? job.at) - job.at) / 1000, 1),
        status: finished.progress.status
      }))
    }
  } finally {
    service.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function benchQueue(options: QueueBenchOptions = {}): Promise<QueueBenchResult> {
  const jobs = options.jobs ?? 4
  const frames = options.frames ?? 32
  const work = mkdtempSync(join(tmpdir(), 'avsal-bench-queue-'))
  try {
    const root = join(work, 'videos')
    await makeVideos(root, jobs, frames)
    const queued = await runMode(root, jobs, 1)
    const concurrent = await runMode(root, jobs, jobs)
    return {
      jobs,
      framesPerJob: frames,
      model: 'vinet (synthetic weights), 224×384, ONNX Runtime CPU',
      queued,
      concurrent,
      speedupOfQueue: round(concurrent.wallSeconds / queued.wallSeconds, 2)
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
