// Experiment-log benchmark: a job process inserts ~1M per-frame metric values (6 metrics ×
// 170,000 frames, as evaluation rows of one run over 240 videos) in the batches the engine
// uses, while this process plays the app: every 100 ms it reads what the UI shows (the runs
// list with latest metrics, one video's per-frame series, one run in full) and writes its
// heartbeat. Reports the insert rate, the read times after the insert, and how long the app's
// event loop was ever blocked while the job wrote (monitorEventLoopDelay).
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  createRun,
  finishRun,
  frameMetricSeries,
  heartbeatRuns,
  insertEvaluations,
  latestMetrics,
  logMetrics,
  summarizeVideoScores,
  openStore,
  replaceVideos,
  runDetail,
  runSummaries,
  startRun,
  upsertDataset,
  type EvaluationRow,
  type NewVideo,
  type Store
} from '../src/main/store'
import { APP_WRITE_WAIT_MS } from '../src/main/jobs/jobSystem'
import { percentile, round } from './common'

export interface StoreBenchOptions {
  frames?: number
  videos?: number
  /** rows per insert transaction (the evaluation engine writes 64) */
  batch?: number
}

export interface StoreBenchResult {
  rows: number
  metricValues: number
  batch: number
  insertSeconds: number
  rowsPerSecond: number
  /** recomputing every per-video mean of the run at once (the engine keeps them current per batch instead) */
  summarySeconds: number
  /** the app's event loop while the job process wrote */
  appEventLoop: { maxMs: number; p99Ms: number; meanMs: number; samples: number }
  appReadsDuringInsert: { count: number; maxMs: number; p95Ms: number; maxMsByKind: Record<string, number> }
  afterInsert: { videoSeriesMs: number; seriesPoints: number; latestMetricsMs: number; runsListMs: number; runDetailMs: number }
  dbMiB: number
}

function video(name: string, frames: number): NewVideo {
  return {
    name,
    group: 'testing',
    frameCount: frames,
    fps: 30,
    width: 640,
    height: 360,
    hasAudio: false,
    audioPath: null,
    frames: { kind: 'frames', dir: `/bench/${name}`, files: [] },
    maps: null,
    fixations: { kind: 'none' },
    mapSize: null,
    issues: []
  }
}

/** The writer (a job process): `node bench/store.ts --writer DB RUN VIDEO_IDS FRAMES BATCH`. */
function writer(args: string[]): void {
  const [dbPath, runId, idsText, framesText, batchText] = args
  const ids = idsText.split(',').map(Number)
  const framesPerVideo = Number(framesText)
  const batchSize = Number(batchText)
  const store = openStore(dbPath)
  const started = performance.now()
  let batch: EvaluationRow[] = []
  let rows = 0
  for (const videoId of ids) {
    for (let frame = 0; frame < framesPerVideo; frame++) {
      const x = (videoId * 7919 + frame) % 1000
      batch.push({ runId, videoId, frame, audioCondition: 'none', aucJudd: 0.8 + x / 1e4, sauc: 0.6, nss: 2 + x / 500, cc: x / 1000, sim: 0.4, kld: 1.1 })
      if (batch.length === batchSize) {
        // as the evaluation engine does: the rows, then the touched videos' means
        rows += insertEvaluations(store, batch)
        summarizeVideoScores(store, runId, [videoId])
        batch = []
      }
    }
  }
  if (batch.length) {
    rows += insertEvaluations(store, batch)
    summarizeVideoScores(store, runId, [ids[ids.length - 1]])
  }
  const inserted = performance.now()
  // for comparison: recomputing the whole run's table at once
  summarizeVideoScores(store, runId)
  logMetrics(store, runId, [{ key: 'CC', value: 0.5 }, { key: 'NSS', value: 2.5 }])
  finishRun(store, runId, 'done')
  store.close()
  process.send?.({ rows, seconds: (inserted - started) / 1000, summarySeconds: (performance.now() - inserted) / 1000 })
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const t0 = performance.now()
  const value = work()
  return { value, ms: performance.now() - t0 }
}

export async function benchStore(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const videos = options.videos ?? 240
  const frames = options.frames ?? 170_000
  const framesPerVideo = Math.ceil(frames / videos)
  const batch = options.batch ?? 64
  const dir = mkdtempSync(join(tmpdir(), 'avsal-bench-store-'))
  const dbPath = join(dir, 'avsal.db')
  let store: Store | null = null
  try {
    store = openStore(dbPath)
    const datasetId = upsertDataset(store, { root: '/bench', name: 'bench', layout: 'generic', layoutDetail: 'bench', openedAt: new Date().toISOString(), issues: [] })
    const ids = replaceVideos(store, datasetId, Array.from({ length: videos }, (_, i) => video(`video${String(i).padStart(3, '0')}`, framesPerVideo)))
    const run = createRun(store, { kind: 'eval', datasetId })
    startRun(store, run.id)
    const app: Store = store
    const loop = monitorEventLoopDelay({ resolution: 1 })
    const readTimes: number[] = []
    const byKind: Record<string, number> = { runsList: 0, videoSeries: 0, runDetail: 0, heartbeat: 0 }
    const read = (kind: string, work: () => unknown): void => {
      const ms = timed(work).ms
      readTimes.push(ms)
      byKind[kind] = Math.max(byKind[kind], ms)
    }
    // the app: what the UI asks for while a job writes
    const reading = setInterval(() => {
      read('runsList', () => runSummaries(app, { limit: 50 }))
      read('videoSeries', () => frameMetricSeries(app, ids[0], framesPerVideo))
      read('runDetail', () => runDetail(app, run.id))
      // as the job system writes its heartbeat: waiting at most APP_WRITE_WAIT_MS for the lock
      read('heartbeat', () => app.tryWrite(() => heartbeatRuns(app), APP_WRITE_WAIT_MS))
    }, 100)
    loop.enable()
    const result = await new Promise<{ rows: number; seconds: number; summarySeconds: number }>((resolve, reject) => {
      const child = fork(__filename, ['--writer', dbPath, run.id, ids.join(','), String(framesPerVideo), String(batch)], {
        execArgv: process.execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
      })
      child.once('message', (m) => resolve(m as { rows: number; seconds: number; summarySeconds: number }))
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`writer exited with ${code}`))))
    })
    loop.disable()
    clearInterval(reading)
    const series = timed(() => frameMetricSeries(app, ids[1], framesPerVideo))
    const latest = timed(() => latestMetrics(app, run.id))
    const list = timed(() => runSummaries(app, { limit: 200 }))
    const detail = timed(() => runDetail(app, run.id))
    const pages = app.get<{ bytes: number }>('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()')
    return {
      rows: result.rows,
      metricValues: result.rows * 6,
      batch,
      insertSeconds: round(result.seconds, 2),
      rowsPerSecond: Math.round(result.rows / result.seconds),
      summarySeconds: round(result.summarySeconds, 2),
      appEventLoop: {
        maxMs: round(loop.max / 1e6, 1),
        p99Ms: round(loop.percentile(99) / 1e6, 1),
        meanMs: round(loop.mean / 1e6, 2),
        samples: loop.count
      },
      appReadsDuringInsert: {
        count: readTimes.length,
        maxMs: round(Math.max(...readTimes), 1),
        p95Ms: round(percentile(readTimes, 95), 1),
        maxMsByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v, 1)]))
      },
      afterInsert: {
        videoSeriesMs: round(series.ms, 1),
        seriesPoints: (series.value[0]?.series.CC ?? []).length,
        latestMetricsMs: round(latest.ms, 1),
        runsListMs: round(list.ms, 1),
        runDetailMs: round(detail.ms, 1)
      },
      dbMiB: round((pages?.bytes ?? 0) / 2 ** 20, 1)
    }
  } finally {
    store?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--writer') writer(process.argv.slice(3))

// for a quick look: `npx tsx bench/store.ts --print`
if (process.argv[2] === '--print') {
  void benchStore().then((r) => writeFileSync(1, `${JSON.stringify(r, null, 2)}\n`))
}
