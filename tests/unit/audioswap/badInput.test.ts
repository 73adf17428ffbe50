// What a study refuses before any run exists, each with its own message (a visual-only model, a
// visual-only comparison that hears, one video and 'shuffled', a missing or undecodable audio
// file, a set without ground truth), and a cancelled study: its children end cancelled, nothing
// is left running. Real clips of DHF1K 002 (tests/fixtures/audioswap/realAvSet.ts).
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { planStudy, type StudySpec } from '../../../src/main/engine/audioswap/plan'
import { runStudy } from '../../../src/main/engine/audioswap/runStudy'
import { listRuns } from '../../../src/main/store'
import { makeVideoDataset } from '../../fixtures/inference/datasets'
import { buildRealAvSet, type RealAvSet } from '../../fixtures/audioswap/realAvSet'
import { dataPath, describeWithData } from '../../support/sharedData'

describeWithData('dhf1k-sample', 'audio-swap study: bad input', () => {
  let set: RealAvSet
  let oneVideoRoot: string
  let dataDir: string
  let service: AppService
  const roots: string[] = []

  beforeAll(async () => {
    set = await buildRealAvSet(dataPath(''), 20)
    // the same clip alone in a folder: a dataset of one video
    oneVideoRoot = mkdtempSync(join(tmpdir(), 'avsal-one-video-'))
    copyFileSync(join(set.root, 'dhf1k002-a.mp4'), join(oneVideoRoot, 'dhf1k002-a.mp4'))
    for (const sub of ['_maps', '_fixations']) cpSync(join(set.root, `dhf1k002-a${sub}`), join(oneVideoRoot, `dhf1k002-a${sub}`), { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'avsal-study-bad-'))
    service = new AppService({ dataDir, host: 'browser', version: 'test' })
    await service.openDataset(set.root)
    await service.openDataset(oneVideoRoot)
    roots.push(set.root, oneVideoRoot, dataDir)
  }, 120_000)

  afterAll(() => {
    service?.close()
    for (const dir of roots) rmSync(dir, { recursive: true, force: true })
  })

  const spec = (over: Partial<StudySpec> = {}): StudySpec => ({
    datasetRoot: set.root,
    model: 'stavis',
    weights: { kind: 'synthetic' },
    conditions: ['real', 'zero'],
    seed: 0,
    protocol: 'vinet-av',
    cacheDir: service.paths.cacheDir,
    studiesDir: service.paths.studiesDir,
    frames: { first: 0, last: 3 },
    ...over
  })
  const refusal = async (over: Partial<StudySpec>) => {
    const before = listRuns(service.store).length
    const err = await planStudy(service.store, spec(over)).then(
      () => null,
      (e: unknown) => e
    )
    expect(listRuns(service.store)).toHaveLength(before)
    return err as { code: string; message: string }
  }

  it('refuses a visual-only model, naming it and the models that hear', async () => {
    const err = await refusal({ model: 'vinet' })
    expect(err).toMatchObject({ code: 'bad-argument' })
    expect(err.message).toMatch(/'vinet' is visual-only: an audio-swap study needs a model that hears \(an AViNet variant or STAViS\)/)
  })

  it('refuses a visual-only comparison model that hears audio', async () => {
    const err = await refusal({ visualModel: { model: 'stavis', weights: { kind: 'synthetic' } } })
    expect(err.message).toMatch(/the comparison model 'stavis' hears audio; choose a visual-only model/)
  })

  it("a dataset with one video cannot shuffle: it says so", async () => {
    const err = await refusal({ datasetRoot: oneVideoRoot, conditions: ['real', 'shuffled'] })
    expect(err).toMatchObject({ code: 'shuffle-needs-videos' })
    expect(err.message).toMatch(/no shuffle is possible: .* has 1 video\(s\) with an audio track/)
    // without 'shuffled' the same dataset is fine
    await expect(planStudy(service.store, spec({ datasetRoot: oneVideoRoot, conditions: ['real', 'zero'] }))).resolves.toBeTruthy()
  })

  it("'file' without a file, with a missing file, with one ffmpeg cannot decode", async () => {
    expect((await refusal({ conditions: ['real', 'file'] })).message).toMatch(/the 'file' condition needs an audio file/)
    const missing = join(tmpdir(), 'avsal-no-such-audio.wav')
    expect(await refusal({ conditions: ['real', 'file'], audioFile: missing })).toMatchObject({ code: 'not-found', message: `audio file not found: ${missing}` })
    const err = await refusal({ conditions: ['real', 'file'], audioFile: set.garbageAudio })
    expect(err.code).toBe('undecodable')
    expect(err.message).toContain(`the audio file ${set.garbageAudio} cannot be decoded as audio`)
    const text = join(dataDir, 'notes.txt')
    writeFileSync(text, 'just text\n')
    expect((await refusal({ conditions: ['real', 'file'], audioFile: text })).code).toBe('undecodable')
  })

  it('a set without ground truth is refused before the models run', async () => {
    const videos = makeVideoDataset(8)
    roots.push(videos.root)
    await service.openDataset(videos.root)
    const err = await refusal({ datasetRoot: videos.root })
    expect(err).toMatchObject({ code: 'nothing-to-evaluate' })
    expect(err.message).toMatch(/has ground truth \(maps, fixations or raw gaze\): the study scores every condition against it/)
  })

  it('a cancelled study ends cancelled with every child run cancelled', async () => {
    let runId = ''
    let progressed = 0
    const outcome = await runStudy(service.store, spec({ conditions: ['real', 'zero', 'random'], frames: { first: 0, last: 19 } }), {
      runCreated: (id) => (runId = id),
      progress: () => progressed++,
      cancelled: () => progressed >= 5
    }).then(
      () => null,
      (e: unknown) => e
    )
    expect(outcome).toMatchObject({ code: 'cancelled' })
    const runs = [...listRuns(service.store, { parentRunId: runId }), ...listRuns(service.store).filter((r) => r.id === runId)]
    expect(runs.length).toBe(4)
    expect(runs.every((r) => r.status === 'cancelled')).toBe(true)
  }, 120_000)
})
