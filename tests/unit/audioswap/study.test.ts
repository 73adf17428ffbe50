// The audio-swap study end to end on a small real audio-visual set cut from DHF1K 002 (three
// 40-frame clips with the viewers' gaze as GT; one clip without an audio track) with STAViS on
// its deterministic synthetic weights: the run tree in the log, maps equal to plain inference
// runs of each condition (the visual stage reused changes nothing), what each condition heard,
// the flags for a silent video and a short file, the report, the figure and the app's readers.
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { resolveMedia } from '../../../src/main/app/mediaRouter'
import { runStudy } from '../../../src/main/engine/audioswap/runStudy'
import { predictionFileName } from '../../../src/main/engine/inference/cache'
import { trackLength } from '../../../src/main/engine/inference/conditionSignals'
import { runInference } from '../../../src/main/engine/inference/runInference'
import { decodeImage } from '../../../src/main/formats/image'
import { decodeWav } from '../../../src/main/media/wav'
import { getRun, listArtifacts, listRuns, mapDifferencesOf } from '../../../src/main/store'
import type { AudioSwapReport } from '../../../src/shared/reports'
import { METRIC_KEYS } from '../../../src/shared/types'
import { buildRealAvSet, type RealAvSet } from '../../fixtures/audioswap/realAvSet'
import { dataPath, describeWithData } from '../../support/sharedData'

const FRAMES = { first: 0, last: 15 }
const CONDITIONS = ['real', 'zero', 'random', 'wolfram', 'shuffled', 'file'] as const

describeWithData('dhf1k-sample', 'audio-swap study on a real audio-visual set (DHF1K 002 clips, STAViS)', () => {
  let set: RealAvSet
  let dataDir: string
  let service: AppService
  let report: AudioSwapReport
  let datasetRoot: string
  const ids = new Map<string, number>()

  beforeAll(async () => {
    set = await buildRealAvSet(dataPath(''), 40)
    dataDir = mkdtempSync(join(tmpdir(), 'avsal-study-'))
    service = new AppService({ dataDir, host: 'browser', version: 'test' })
    const dataset = await service.openDataset(set.root)
    datasetRoot = dataset.root
    for (const v of await service.listVideos(dataset.id)) ids.set(v.name, v.id)
    report = await runStudy(service.store, {
      datasetRoot,
      model: 'stavis',
      weights: { kind: 'synthetic' },
      frames: FRAMES,
      conditions: [...CONDITIONS],
      audioFile: set.shortAudio,
      seed: 7,
      protocol: 'vinet-av',
      cacheDir: service.paths.cacheDir,
      studiesDir: service.paths.studiesDir,
      batch: 2,
      visualModel: { model: 'center-bias' }
    })
  }, 300_000)

  afterAll(() => {
    service?.close()
    for (const dir of [dataDir, set?.root]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('logs a study run with one inference and one evaluation child per condition (model, weights sha256, condition, seed, protocol)', () => {
    const study = getRun(service.store, report.runId)!
    expect(study).toMatchObject({ kind: 'study', status: 'done' })
    expect(study.params).toMatchObject({ model: 'stavis', conditions: CONDITIONS.join(','), protocol: 'vinet-av', seed: '7' })
    const children = listRuns(service.store, { parentRunId: report.runId })
    const infer = children.filter((r) => r.kind === 'infer')
    const evals = children.filter((r) => r.kind === 'eval')
    // the visual-only comparison: one more inference run and its evaluation (condition 'none')
    expect(infer.map((r) => r.audioCondition).sort()).toEqual([...CONDITIONS, 'none'].sort())
    expect(evals.map((r) => r.audioCondition).sort()).toEqual([...CONDITIONS, 'none'].sort())
    expect(report.visualModel).toMatchObject({ model: 'center-bias' })
    expect(infer.find((r) => r.audioCondition === 'none')!.id).toBe(report.visualModel!.inferRunId)
    for (const k of METRIC_KEYS) expect(Number.isFinite(report.visualModel!.metrics[k])).toBe(true)
    for (const run of infer.filter((r) => r.audioCondition !== 'none')) {
      expect(run.status).toBe('done')
      expect(run.params.weights_sha256).toBe(report.weightsSha256)
      expect(run.config.seed).toBe(7)
      expect(report.children[run.audioCondition as string].inferRunId).toBe(run.id)
    }
    for (const run of evals.filter((r) => r.audioCondition !== 'none')) {
      expect(run.status).toBe('done')
      expect(run.params).toMatchObject({ protocol: 'vinet-av', seed: '7' })
      expect(run.sourceRunId).toBe(report.children[run.audioCondition as string].inferRunId)
    }
  })

  it('writes the same maps as a plain inference run of each condition (visual features reused change nothing)', async () => {
    // a separate data folder, so the plain runs compute their maps instead of finding the study's
    const otherDir = mkdtempSync(join(tmpdir(), 'avsal-study-plain-'))
    const other = new AppService({ dataDir: otherDir, host: 'browser', version: 'test' })
    try {
      await other.openDataset(set.root)
      for (const audio of ['zero', 'shuffled', 'file'] as const) {
        const plain = await runInference(other.store, {
          datasetRoot,
          model: 'stavis',
          weights: { kind: 'synthetic' },
          videos: ['dhf1k002-a'],
          frames: FRAMES,
          audio,
          audioFile: audio === 'file' ? set.shortAudio : undefined,
          seed: 7,
          batch: 2,
          cacheDir: other.paths.cacheDir
        })
        const studyDir = report.videos.length && listMaps(report, audio, ids.get('dhf1k002-a')!)
        for (let f = FRAMES.first; f <= FRAMES.last; f++) {
          const a = readFileSync(join(plain.videos[0].dir, predictionFileName(f)))
          const b = readFileSync(join(studyDir as string, predictionFileName(f)))
          expect(decodeImage(b).data, `${audio} frame ${f}`).toEqual(decodeImage(a).data)
        }
      }
    } finally {
      other.close()
      rmSync(otherDir, { recursive: true, force: true })
    }
  }, 120_000)

  function listMaps(r: AudioSwapReport, condition: string, videoId: number): string {
    const layer = service.store.all<{ dir: string }>('SELECT dir FROM prediction_layers WHERE video_id = ? AND run_id = ?', [videoId, r.children[condition].inferRunId])
    expect(layer).toHaveLength(1)
    return layer[0].dir
  }

  it('keeps exactly what each condition heard: silence for zero, the donor track for shuffled, noise at the real level for random', () => {
    const heard = (condition: string, video: string): Float32Array => {
      const artifact = listArtifacts(service.store, report.children[condition].inferRunId).find((a) => a.kind === 'heard-audio' && a.path.endsWith(`/${ids.get(video)}.wav`))
      expect(artifact, `${condition} ${video}`).toBeTruthy()
      const wav = decodeWav(new Uint8Array(readFileSync(artifact!.path)))
      expect(wav.sampleRate).toBe(22050)
      return wav.samples
    }
    const length = trackLength(40, 30, 22050)
    const rms = (s: Float32Array): number => Math.sqrt(s.reduce((a, v) => a + v * v, 0) / s.length)
    for (const video of ['dhf1k002-a', 'dhf1k002-b', 'dhf1k002-silent']) {
      for (const c of CONDITIONS) expect(heard(c, video).length).toBe(length)
      expect(heard('zero', video).every((v) => v === 0)).toBe(true)
    }
    expect(rms(heard('real', 'dhf1k002-a'))).toBeGreaterThan(0.001)
    expect(heard('real', 'dhf1k002-silent').every((v) => v === 0)).toBe(true)
    // the donor's own track, sample for sample
    const donorOfA = report.videos.find((v) => v.video === 'dhf1k002-a')!.audio.shuffled.donor
    expect(donorOfA).toBe('dhf1k002-b')
    // (the AAC clip decodes a few ms short of the track: real pads that tail with silence, a donor loops)
    expect(heard('shuffled', 'dhf1k002-a').subarray(0, 29000)).toEqual(heard('real', 'dhf1k002-b').subarray(0, 29000))
    // random's level is the real soundtrack's RMS over its decoded samples (the padded tail left out)
    const realTrack = heard('real', 'dhf1k002-a')
    let decoded = realTrack.length
    while (decoded > 0 && realTrack[decoded - 1] === 0) decoded--
    const realA = rms(realTrack.subarray(0, decoded))
    expect(rms(heard('random', 'dhf1k002-a')) / realA).toBeCloseTo(1, 3)
    expect(rms(heard('wolfram', 'dhf1k002-a')) / realA).toBeCloseTo(1, 2)
    // the run record says how to rebuild each track
    const provenance = (condition: string): Record<string, { sourceVideo: { name: string } | null; trackSeed: number | null; fileSha256: string | null; seed: number | null }> => {
      const artifacts = listArtifacts(service.store, report.children[condition].inferRunId).filter((a) => a.kind === 'audio-provenance')
      expect(artifacts).toHaveLength(1)
      return JSON.parse(readFileSync(artifacts[0].path, 'utf8'))
    }
    const a = String(ids.get('dhf1k002-a'))
    expect(Object.keys(provenance('real')).sort()).toEqual([...ids.values()].map(String).sort())
    expect(provenance('shuffled')[a].sourceVideo?.name).toBe('dhf1k002-b')
    expect(provenance('random')[a]).toMatchObject({ seed: 7, trackSeed: expect.any(Number) })
    expect(provenance('file')[a].fileSha256).toMatch(/^[0-9a-f]{64}$/)
    // the 0.5 s file: heard, then silence
    const file = heard('file', 'dhf1k002-a')
    expect(rms(file.subarray(0, 10000))).toBeGreaterThan(0.001)
    expect(file.subarray(Math.ceil(0.5 * 22050) + 64).every((v) => v === 0)).toBe(true)
  })

  it('flags the video without audio and the short file, and its silent conditions give real\'s maps exactly', () => {
    const silent = report.videos.find((v) => v.video === 'dhf1k002-silent')!
    expect(silent.audio.real.flags).toEqual(['no audio track: real = silence'])
    expect(silent.audio.random.flags).toEqual(['no audio track: random = silence'])
    expect(silent.audio.wolfram.flags).toEqual(['no audio track: wolfram = silence'])
    for (const c of ['zero', 'random', 'wolfram']) expect(silent.mapDifference[c]).toEqual({ meanAbsDiff: 0, maxAbsDiff: 0, cc: 1 })
    expect(silent.mapDifference.shuffled.maxAbsDiff).toBeGreaterThan(0)
    expect(report.notes).toContain('dhf1k002-silent, real: no audio track: real = silence')
    expect(report.notes).toContain('dhf1k002-a, file: audio shorter than the video, padded with silence')
  })

  it('reports every metric per condition, deltas, paired tests across the 3 videos, feature norms and a verdict', () => {
    expect(report.conditions).toEqual([...CONDITIONS])
    expect(report.videos.map((v) => [v.video, v.frames])).toEqual([
      ['dhf1k002-a', 16],
      ['dhf1k002-b', 16],
      ['dhf1k002-silent', 16]
    ])
    for (const c of CONDITIONS) {
      for (const k of METRIC_KEYS) {
        expect(Number.isFinite(report.summary[c].metrics[k])).toBe(true)
        const mean = report.videos.reduce((s, v) => s + (v.metrics[c][k] as number), 0) / 3
        expect(report.summary[c].metrics[k]).toBeCloseTo(mean, 12)
        expect(report.summary[c].delta[k]).toBeCloseTo((report.summary[c].metrics[k] as number) - (report.summary.real.metrics[k] as number), 12)
      }
      if (c === 'real') continue
      expect(['identical outputs', 'no significant difference', 'significant difference']).toContain(report.verdict[c])
      for (const k of METRIC_KEYS) expect(report.tests[c][k]?.n).toBe(3)
    }
    // three videos cannot reach p < 0.05/6 two-sided
    expect(Object.values(report.verdict).every((v) => v === 'no significant difference')).toBe(true)
    // visual features are the same clips under every condition; zero audio is one constant vector
    const visual = report.featureNorms.real.visual
    expect(visual.n).toBeGreaterThan(0)
    for (const c of CONDITIONS) expect(report.featureNorms[c].visual).toEqual(visual)
    expect(report.featureNorms.zero.audio.std).toBeLessThan(1e-6)
    expect(report.featureNorms.real.audio.std).toBeGreaterThan(report.featureNorms.zero.audio.std)
  })

  it('stores the report, tables, figure and per-frame differences; the app reads them back', async () => {
    const kinds = listArtifacts(service.store, report.runId).map((a) => a.kind).sort()
    expect(kinds).toEqual(['figure', 'report', 'table', 'table'])
    expect(await service.getAudioSwapReport(report.runId.slice(0, 8))).toEqual(JSON.parse(JSON.stringify(report)))
    const figure = decodeImage(new Uint8Array(readFileSync(report.figure!)))
    expect(figure.width).toBeGreaterThan(1000)
    const a = ids.get('dhf1k002-a')!
    const series = await service.mapDifferences(report.runId, a)
    expect(Object.keys(series.series).sort()).toEqual(CONDITIONS.filter((c) => c !== 'real').sort())
    expect(series.series.zero.meanAbsDiff).toHaveLength(40)
    expect(series.series.zero.meanAbsDiff.slice(0, 16).every((v) => v !== null)).toBe(true)
    expect(series.series.zero.meanAbsDiff.slice(16).every((v) => v === null)).toBe(true)
    expect(mapDifferencesOf(service.store, report.runId, a)).toHaveLength(16 * 5)
    const heard = await resolveMedia(service, `/heard/${report.children.shuffled.inferRunId}/${a}`)
    expect(heard).toMatchObject({ kind: 'file' })
    const none = await resolveMedia(service, `/heard/${report.runId}/${a}`)
    expect(none).toMatchObject({ kind: 'error', status: 404 })
    expect(await resolveMedia(service, `/study-figure/${report.runId}`)).toMatchObject({ kind: 'file' })
    await expect(service.getAudioSwapReport(report.children.real.inferRunId)).rejects.toThrow(/is an infer run, not an audio-swap study/)
    expect(readdirSync(join(service.paths.studiesDir, report.runId)).sort()).toEqual(['figure.png', 'heard', 'report.csv', 'report.json', 'report.md'])
  })
})
