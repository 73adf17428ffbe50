// Inference runs end to end on tiny datasets made at test time: the centre-bias baseline and
// ViNet with synthetic weights on image folders (maps, cache, layer, resume, cancel, --out,
// batching checked against a single-clip forward), STAViS on video files with audio
// (real / zero / shuffled, the missing-audio error), the job-process entry and the CLI.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { main } from '../../../src/main/hosts/cli/main'
import { findPredictionDir, pairPredictions } from '../../../src/main/engine/evaluation/predictionFiles'
import { decodeImage } from '../../../src/main/formats/image'
import { causalSchedule } from '../../../src/main/engine/inference/clips'
import { vinetPostprocess } from '../../../src/main/engine/inference/postprocess'
import { runInference } from '../../../src/main/engine/inference/runInference'
import { buildVinet } from '../../../src/main/models/architectures/vinet'
import { OrtExecutor } from '../../../src/main/models/onnx'
import { syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { findPredictionCache, getRun, listPredictionLayers, listRuns, metricKeys, getDatasetByRoot, listVideoSummaries } from '../../../src/main/store'
import { makeFrameDataset, makeVideoDataset, type FrameDataset, type VideoDataset } from '../../fixtures/inference/datasets'
import { prepareFrame, toRgb, vinetRecipe, writeFrameIntoClip } from '../../../src/main/engine/inference/preprocess'
import { AppError } from '../../../src/shared/errors'
import type { InferenceReport } from '../../../src/shared/reports'
import type { JobProgress } from '../../../src/shared/types'

let service: AppService
let dataDir: string
let frames40: FrameDataset

beforeAll(() => {
  frames40 = makeFrameDataset(40)
})
afterAll(() => rmSync(frames40.root, { recursive: true, force: true }))

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-infer-data-'))
  service = new AppService({ dataDir, host: 'browser', version: 'test' })
})

afterEach(() => {
  service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const pngs = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.png')).sort()
const gray = (path: string): { width: number; height: number; data: Uint8Array } => {
  const img = decodeImage(new Uint8Array(readFileSync(path)), path)
  return { width: img.width, height: img.height, data: img.data.filter((_, i) => i % img.channels === 0) }
}

describe('centre-bias baseline on an image-folder video', () => {
  it('writes one map per frame at the frame size, logs the run, caches and registers the layer; a second run writes nothing', async () => {
    const dataset = await service.openDataset(frames40.root)
    const out = mkdtempSync(join(tmpdir(), 'avsal-infer-out-'))
    const spec = { datasetRoot: dataset.root, model: 'center-bias', cacheDir: service.paths.cacheDir, batch: 4, outDir: out }
    const progress: number[] = []
    const first = await runInference(service.store, spec, { progress: (done) => progress.push(done) })
    expect(first.status).toBe('done')
    expect(first.framesWritten).toBe(40)
    expect(progress[progress.length - 1]).toBe(40)
    expect(first.audioCondition).toBe('none')
    const note = first.videos[0]
    expect(pngs(note.dir)).toHaveLength(40)
    expect(pngs(note.dir)[0]).toBe('frame_000000.png')
    const map = gray(join(note.dir, 'frame_000017.png'))
    expect([map.width, map.height]).toEqual([96, 64])
    expect(map.data[32 * 96 + 48]).toBe(255) // the peak sits in the centre
    expect(map.data[0]).toBeLessThan(60)

    const run = getRun(service.store, first.runId)!
    expect(run.kind).toBe('infer')
    expect(run.status).toBe('done')
    expect(run.config.model).toBe('center-bias')
    expect(run.runtime).toMatch(/^onnxruntime-node/)
    expect(run.backend).toBe('cpu')
    expect(run.notes).toMatch(/40 frames < 63: left-padded with 23 copies of frame 0/)
    expect(metricKeys(service.store, first.runId)).toEqual(
      expect.arrayContaining(['seconds_decode', 'seconds_preprocess', 'seconds_forward', 'seconds_postprocess', 'frames_written'])
    )
    const videoId = note.videoId
    const cache = findPredictionCache(service.store, { modelId: first.modelId, weightsHash: 'none', videoId, audioCondition: 'none' })
    expect(cache?.complete).toBe(true)
    const layers = await service.listLayers(videoId)
    const layer = layers.find((l) => l.kind === 'prediction')
    expect(layer?.dir).toBe(note.dir)
    expect(layer?.available).toBe(40)

    // --out: GT names, so `avsal eval --pred` pairs by name
    const record = service.video(videoId)
    const predDir = findPredictionDir(out, record, true)
    expect(predDir).toBe(join(out, 'testing', frames40.video))
    const pairing = pairPredictions(record, predDir!)
    expect(pairing.pairedBy).toBe('name')
    expect(pairing.missingFrames).toEqual([])

    const mtime = statSync(join(note.dir, 'frame_000005.png')).mtimeMs
    const second = await runInference(service.store, spec)
    expect(second.framesWritten).toBe(0)
    expect(second.framesSkipped).toBe(40)
    expect(second.clipsRun).toBe(0)
    expect(statSync(join(note.dir, 'frame_000005.png')).mtimeMs).toBe(mtime)
    expect(listPredictionLayers(service.store, videoId)).toHaveLength(1)
    rmSync(out, { recursive: true, force: true })
  })

  it('cancels between clips, keeps what it wrote, leaves the cache incomplete, and resumes from there', async () => {
    const dataset = await service.openDataset(frames40.root)
    const spec = { datasetRoot: dataset.root, model: 'center-bias', cacheDir: service.paths.cacheDir }
    let written = 0
    const cancelled = await runInference(service.store, spec, { progress: () => written++, cancelled: () => written >= 6 })
    expect(cancelled.status).toBe('cancelled')
    expect(getRun(service.store, cancelled.runId)?.status).toBe('cancelled')
    const dir = cancelled.videos[0].dir
    const onDisk = pngs(dir).length
    expect(onDisk).toBeGreaterThanOrEqual(6)
    expect(onDisk).toBeLessThan(40)
    const videoId = cancelled.videos[0].videoId
    expect(findPredictionCache(service.store, { modelId: cancelled.modelId, weightsHash: 'none', videoId, audioCondition: 'none' })?.complete).toBe(false)
    expect(listPredictionLayers(service.store, videoId)).toHaveLength(0)

    const resumed = await runInference(service.store, spec)
    expect(resumed.status).toBe('done')
    expect(resumed.framesWritten).toBe(40 - onDisk)
    expect(resumed.framesSkipped).toBe(onDisk)
    expect(pngs(dir)).toHaveLength(40)
  })

  it('fails the run with the message when the checkpoint cannot be read', async () => {
    const dataset = await service.openDataset(frames40.root)
    const bad = join(dataDir, 'not-a-checkpoint.pt')
    writeFileSync(bad, 'this is not a torch file')
    await expect(
      runInference(service.store, { datasetRoot: dataset.root, model: 'vinet', weights: { kind: 'file', path: bad }, cacheDir: service.paths.cacheDir, inputSize: [64, 96] })
    ).rejects.toThrow()
    const [run] = listRuns(service.store, { kind: 'infer' })
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/not-a-checkpoint\.pt/)
  })

  it('refuses bad requests before logging a run', async () => {
    const dataset = await service.openDataset(frames40.root)
    const base = { datasetRoot: dataset.root, cacheDir: service.paths.cacheDir }
    await expect(runInference(service.store, { ...base, model: 'soundnet8-avinet' })).rejects.toThrow(/not a saliency model/)
    await expect(runInference(service.store, { ...base, model: 'vinet' })).rejects.toThrow(/needs a checkpoint/)
    await expect(runInference(service.store, { ...base, model: 'vinet', weights: { kind: 'synthetic' }, audio: 'zero' })).rejects.toThrow(/visual-only/)
    await expect(runInference(service.store, { ...base, model: 'center-bias', videos: ['nope'] })).rejects.toThrow(/no video named nope/)
    await expect(runInference(service.store, { ...base, model: 'center-bias', batch: 0 })).rejects.toThrow(/batch/)
    expect(listRuns(service.store, { kind: 'infer' })).toHaveLength(0)
  })
})

describe('ViNet with synthetic weights (64×96 input)', () => {
  it('batches clips exactly as single forwards would, reversed first clips included', async () => {
    const dataset = await service.openDataset(frames40.root)
    const result = await runInference(service.store, {
      datasetRoot: dataset.root,
      model: 'vinet',
      weights: { kind: 'synthetic' },
      inputSize: [64, 96],
      batch: 3,
      threads: 2,
      cacheDir: service.paths.cacheDir
    })
    expect(result.framesWritten).toBe(40)
    expect(result.clipsRun).toBe(40)
    expect(result.timing.forwardSeconds).toBeGreaterThan(0)
    const dir = result.videos[0].dir
    expect(dir).toMatch(/vinet@64x96/)
    const maps = pngs(dir).map((f) => gray(join(dir, f)))
    expect(new Set(maps.map((m) => Buffer.from(m.data).toString('base64'))).size).toBeGreaterThan(30)

    // recompute frames 3 (a reversed clip) and 35 (forward) one clip at a time
    const graph = buildVinet([1, 3, 32, 64, 96])
    const executor = await OrtExecutor.create(graph, syntheticWeights(graph.params), { threads: 2 })
    try {
      const schedule = causalSchedule(40)
      const images = readdirSync(join(frames40.root, 'testing', frames40.video, 'images')).sort()
      for (const target of [3, 35]) {
        const clip = schedule.clips.find((c) => c.targets.includes(target))!
        expect(clip.reversed).toBe(target === 3)
        const input = new Float32Array(3 * 32 * 64 * 96)
        clip.frames.forEach((f, t) => {
          const path = join(frames40.root, 'testing', frames40.video, 'images', images[f])
          writeFrameIntoClip(input, prepareFrame(toRgb(decodeImage(new Uint8Array(readFileSync(path)))), vinetRecipe(64, 96)), 0, t, 32)
        })
        const out = await executor.run({ clip: { shape: [1, 3, 32, 64, 96], data: input } })
        const expected = vinetPostprocess({ width: 96, height: 64, data: out.saliency.data }, frames40.width, frames40.height)
        expect(Array.from(maps[target].data)).toEqual(Array.from(expected.data))
      }
    } finally {
      await executor.dispose()
    }
  }, 120_000)
})

describe('STAViS on video files with audio', () => {
  let videos: VideoDataset
  beforeAll(() => {
    videos = makeVideoDataset(12)
  })
  afterAll(() => rmSync(videos.root, { recursive: true, force: true }))

  it('real audio on two videos, zero audio on the silent one, shuffled swaps soundtracks; a missing soundtrack is a clear error', async () => {
    const dataset = await service.openDataset(videos.root)
    const base = { datasetRoot: dataset.root, model: 'stavis', weights: { kind: 'synthetic' as const }, cacheDir: service.paths.cacheDir, batch: 2 }
    const real = await runInference(service.store, { ...base, videos: videos.withAudio, audio: 'real' })
    expect(real.framesWritten).toBe(24)
    expect(real.clipsRun).toBe(8) // per video: the first clip (frames 0–8) + clips for frames 9, 10, 11
    for (const v of real.videos) {
      const files = pngs(v.dir)
      expect(files).toHaveLength(12)
      const map = gray(join(v.dir, files[10]))
      expect([map.width, map.height]).toEqual([112, 112])
      expect(Math.max(...map.data)).toBe(255)
      expect(Math.min(...map.data)).toBe(0)
      expect(v.notes.join(' ')).toMatch(/frames 0–7 have no centred clip/)
    }

    const before = listRuns(service.store, { kind: 'infer' }).length
    const missing = runInference(service.store, { ...base, videos: [videos.silent], audio: 'real' })
    await expect(missing).rejects.toBeInstanceOf(AppError)
    await expect(missing).rejects.toThrow(/silent has no audio track.*--audio zero/)
    expect(listRuns(service.store, { kind: 'infer' })).toHaveLength(before)

    const zero = await runInference(service.store, { ...base, videos: [videos.silent], audio: 'zero' })
    expect(zero.framesWritten).toBe(12)
    expect(zero.videos[0].dir).toMatch(/zero/)

    const shuffled = await runInference(service.store, { ...base, videos: ['tone-a'], audio: 'shuffled', batch: 4 })
    expect(shuffled.videos[0].donor).toBe('tone-b')
    expect(getRun(service.store, shuffled.runId)?.notes).toMatch(/shuffled audio: the soundtrack of tone-b/)
    const realDir = real.videos.find((v) => v.video === 'tone-a')!.dir
    expect(shuffled.videos[0].dir).not.toBe(realDir)
  }, 120_000)
})

describe('job process entry and CLI', () => {
  it('a real job process (from the sources) runs an infer job: progress, the report, the run done, the process gone', async () => {
    const dataset = await service.openDataset(frames40.root)
    const progress: JobProgress[] = []
    service.events.on((e) => {
      if (e.type === 'job-progress') progress.push(e.progress)
    })
    const { jobId, runId } = await service.startInference({ datasetId: dataset.id, model: 'center-bias', batch: 8 })
    const finished = await service.waitForJob(jobId)
    expect(finished.progress.status, finished.progress.message).toBe('done')
    expect((finished.result as InferenceReport).framesWritten).toBe(40)
    expect(progress.some((p) => p.status === 'running' && p.done > 0 && p.total === 40)).toBe(true)
    expect(getRun(service.store, runId)).toMatchObject({ status: 'done', kind: 'infer' })
    expect(listPredictionLayers(service.store, listVideoSummaries(service.store, dataset.id)[0].id)[0]).toMatchObject({ runId, audioCondition: 'none' })
  })

  it('avsal infer runs its job and prints the JSON report; usage errors exit 2', async () => {
    const stdout: string[] = []
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk))
      return true
    })
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const code = await main(['infer', '--model', 'center-bias', '--dataset', frames40.root, '--data-dir', dataDir, '--batch', '5', '--json'])
      expect(code).toBe(0)
      const result = JSON.parse(stdout.join('')) as { framesWritten: number; batch: number }
      expect(result.framesWritten).toBe(40)
      expect(result.batch).toBe(5)
      expect(await main(['infer', '--model', 'center-bias'])).toBe(2)
      expect(await main(['infer', '--model', 'center-bias', '--dataset', frames40.root, '--data-dir', dataDir, '--batch', 'x'])).toBe(2)
    } finally {
      out.mockRestore()
      err.mockRestore()
    }
    const ds = getDatasetByRoot(service.store, frames40.root)
    expect(ds).not.toBeNull()
    expect(listVideoSummaries(service.store, ds!.id)).toHaveLength(1)
  })

  it('the API lists runnable models with their audio and input facts', async () => {
    const models = await service.listModels()
    const byName = new Map(models.map((m) => [m.name, m]))
    expect(byName.get('vinet')).toMatchObject({ needsAudio: false, needsWeights: true, clipFrames: 32, inputSize: [224, 384], target: 'last' })
    expect(byName.get('avinet-bilinear')?.inputs[1].shape).toEqual([1, 1, 70560, 1])
    expect(byName.get('stavis')).toMatchObject({ needsAudio: true, clipFrames: 16, inputSize: [112, 112], target: 'centre' })
    expect(byName.get('center-bias')?.needsWeights).toBe(false)
    expect(byName.has('soundnet8-avinet')).toBe(false)
    await expect(service.startInference({ datasetId: 999, model: 'vinet' })).rejects.toThrow(/no dataset with id 999/)
  })
})
