// `avsal audio-swap` (and `avsal infer --audio-file`) as a user runs them: the built bundle
// through bin/avsal.cjs, each study a job process of its own. A tiny synthetic set (64×48 tone
// videos, one without an audio track, GT maps and fixations) keeps each study to seconds; the
// real audio-visual set cut from DHF1K 002 runs once when ../shared/data is there.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildRealAvSet, type RealAvSet } from '../fixtures/audioswap/realAvSet'
import { makeToneAvSet, type ToneAvSet } from '../fixtures/audioswap/toneAvSet'
import { SHARED_DATA, describeWithData } from '../support/sharedData'

const REPO = resolve(__dirname, '../..')
const BIN = join(REPO, 'bin/avsal.cjs')
const VERDICTS = ['identical outputs', 'no significant difference', 'significant difference']
const METRICS = ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD']
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function avsal(args: string[], dataDir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 170_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** A WAV ffmpeg writes (a 1 s 330 Hz tone): the 'file' condition's audio. */
function toneWav(dir: string): string {
  const path = join(dir, 'tone-330.wav')
  spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=1', path])
  return path
}

interface StudyJson {
  runId: string
  model: string
  weightsSha256: string | null
  dataset: string
  protocol: string
  conditions: string[]
  videos: {
    video: string
    frames: number
    metrics: Record<string, Record<string, number | null>>
    mapDifference: Record<string, { meanAbsDiff: number; maxAbsDiff: number; cc: number | null }>
    audio: Record<string, { donor: string | null; flags: string[] }>
  }[]
  summary: Record<string, { metrics: Record<string, number | null>; delta: Record<string, number | null> }>
  tests: Record<string, Record<string, { n: number; statistic: number | null; p: number | null; method: string }>>
  featureNorms: Record<string, { audio: { mean: number; std: number }; visual: { mean: number; std: number } }>
  verdict: Record<string, string>
  notes: string[]
  figure: string | null
}

describe('avsal audio-swap', () => {
  let set: ToneAvSet
  let single: ToneAvSet
  let work: string

  beforeAll(() => {
    expect(existsSync(join(REPO, 'out/main/cli.js')), 'run `npx electron-vite build` first').toBe(true)
    set = makeToneAvSet(['tone-a', 'tone-b', 'silent'], 24)
    single = makeToneAvSet(['tone-a'], 24)
    work = mkdtempSync(join(tmpdir(), 'avsal-swap-cli-'))
  })

  it('--json prints the study in the documented shape; --figure copies its PNG; runs show gives the table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const figure = join(work, 'figure.png')
    const r = avsal(
      ['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--frames', '0-7', '--conditions', 'zero,shuffled', '--seed', '3', '--figure', figure, '--json'],
      dir
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/avsal: run [0-9a-f-]{36}/)
    const out = JSON.parse(r.stdout) as StudyJson
    for (const key of ['runId', 'model', 'weightsSha256', 'dataset', 'protocol', 'conditions', 'videos', 'summary', 'tests', 'featureNorms', 'verdict']) {
      expect(out, key).toHaveProperty(key)
    }
    expect(out.model).toBe('stavis')
    expect(out.weightsSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(out.protocol).toBe('vinet-av')
    expect(out.conditions).toEqual(['real', 'zero', 'shuffled'])
    expect(out.videos.map((v) => v.video).sort()).toEqual(['silent', 'tone-a', 'tone-b'])
    for (const video of out.videos) {
      expect(video.frames).toBe(8)
      for (const c of out.conditions) expect(Object.keys(video.metrics[c]).sort()).toEqual([...METRICS].sort())
      expect(Object.keys(video.mapDifference).sort()).toEqual(['shuffled', 'zero'])
      for (const d of Object.values(video.mapDifference)) {
        expect(d.meanAbsDiff).toBeGreaterThanOrEqual(0)
        expect(d.maxAbsDiff).toBeLessThanOrEqual(1)
        expect(d.meanAbsDiff).toBeLessThanOrEqual(d.maxAbsDiff)
        expect(Object.keys(d).sort()).toEqual(['cc', 'maxAbsDiff', 'meanAbsDiff'])
      }
    }
    for (const c of out.conditions) {
      expect(Object.keys(out.summary[c]).sort()).toEqual(['delta', 'metrics'])
      expect(Object.keys(out.featureNorms[c].audio)).toEqual(expect.arrayContaining(['mean', 'std']))
      expect(Object.keys(out.featureNorms[c].visual)).toEqual(expect.arrayContaining(['mean', 'std']))
    }
    for (const c of ['zero', 'shuffled']) {
      expect(VERDICTS).toContain(out.verdict[c])
      for (const m of METRICS) {
        const test = out.tests[c][m]
        expect(Object.keys(test)).toEqual(expect.arrayContaining(['n', 'statistic', 'p', 'method']))
        expect(test.n).toBe(3)
        expect(['exact', 'normal', 'none']).toContain(test.method)
      }
    }
    // the video without an audio track: real is silence, and the report says so
    const silent = out.videos.find((v) => v.video === 'silent')
    expect(silent?.audio.real.flags).toContain('no audio track: real = silence')
    expect(out.notes).toContain('silent, real: no audio track: real = silence')
    // the shuffled pairing is recorded: each video hears another's soundtrack
    for (const v of out.videos) expect(['tone-a', 'tone-b'].filter((n) => n !== v.video)).toContain(v.audio.shuffled.donor)
    // --figure: the study's PNG, copied
    expect(readFileSync(figure).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
    expect(readFileSync(figure).equals(readFileSync(out.figure as string))).toBe(true)

    const shown = avsal(['runs', 'show', out.runId.slice(0, 8)], dir)
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toContain('study')
    expect(shown.stdout).toContain('| condition | AUC_Judd | sAUC | NSS | CC | SIM | KLD | verdict |')
    const listed = avsal(['runs', 'list', '--kind', 'study', '--json'], dir)
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id)).toEqual([out.runId])
  })

  it('human output: progress, the reliance table, verdicts and where the files are; --audio-file alone adds the file condition', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const wav = toneWav(work)
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--videos', 'tone-a,tone-b', '--frames', '0-3', '--audio-file', wav], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/\d+\/\d+ steps/)
    expect(r.stdout).toMatch(/study [0-9a-f-]{36} \(done, [\d.]+ s\): stavis on avsal-tone-av-\w+, real vs zero, random, shuffled, file/)
    expect(r.stdout).toContain('| condition | AUC_Judd | sAUC | NSS | CC | SIM | KLD | verdict |')
    expect(r.stdout).toMatch(/^\| real \|.*\| reference \|$/m)
    for (const c of ['zero', 'random', 'shuffled', 'file']) expect(r.stdout).toMatch(new RegExp(`^  ${c} +(identical outputs|no significant difference|significant difference)$`, 'm'))
    expect(r.stdout).toMatch(/^report: +\/.*report\.json/m)
    expect(r.stdout).toMatch(/^figure: +\/.*figure\.png/m)
    const heard = /^heard audio: (\S+)\/<condition>/m.exec(r.stdout)?.[1]
    expect(heard && existsSync(join(heard, 'file'))).toBe(true)
  })

  it('refuses a visual-only model (and a hearing comparison model) before any run exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['audio-swap', '--model', 'vinet', '--weights', 'synthetic', '--dataset', set.root, '--frames', '0-7'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/\[bad-argument\]: 'vinet' is visual-only: an audio-swap study needs a model that hears/)
    const hearing = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--visual-model', 'avinet-concat'], dir)
    expect(hearing.code).toBe(2)
    expect(hearing.stderr).toMatch(/the comparison model 'avinet-concat' hears audio/)
    expect(JSON.parse(avsal(['runs', 'list', '--json'], dir).stdout)).toEqual([])
  })

  it('a dataset with one video: no shuffle is possible, said so (default conditions include shuffled)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', single.root, '--frames', '0-7', '--json'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\[shuffle-needs-videos\]: no shuffle is possible: .* has 1 video\(s\) with an audio track/)
    expect(JSON.parse(r.stdout).error.code).toBe('shuffle-needs-videos')
  })

  it('--conditions file without --audio-file, and --audio-file without the file condition, are usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const noFile = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--conditions', 'zero,file'], dir)
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toMatch(/\[usage\]: the 'file' condition .*--audio-file F/)
    const unused = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--conditions', 'zero', '--audio-file', 'x.wav'], dir)
    expect(unused.code).toBe(2)
    expect(unused.stderr).toMatch(/\[usage\]: --audio-file is the audio of the 'file' condition/)
    const bad = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--conditions', 'zero,noise'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/audio condition must be one of real, zero, random, wolfram, shuffled, file/)
  })

  it('a missing audio file is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const missing = join(work, 'no-such-audio.wav')
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--conditions', 'zero,file', '--audio-file', missing], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`[not-found]: audio file not found: ${missing}`)
  })

  it('an audio file ffmpeg cannot decode is named as undecodable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const fake = join(work, 'x.wav')
    writeFileSync(fake, 'this is a text file, not a WAV\n')
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--frames', '0-3', '--conditions', 'zero,file', '--audio-file', fake], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\[undecodable\]: the audio file \S*x\.wav cannot be decoded as audio/)
  })

  it('--figure into a folder that does not exist fails before the study runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--figure', join(work, 'nowhere', 'f.png')], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--figure .*f\.png: the folder .*nowhere does not exist/)
    expect(JSON.parse(avsal(['runs', 'list', '--json'], dir).stdout)).toEqual([])
  })

  it('--figure when the study drew no figure (--figure-frames outside every range): a specific error after the study', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const figure = join(work, 'never.png')
    const r = avsal(
      ['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', set.root, '--videos', 'tone-a,tone-b', '--frames', '0-3', '--conditions', 'zero', '--figure-frames', '20', '--figure', figure],
      dir
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/\[not-found\]: study [0-9a-f]{8} made no figure .*so --figure \S*never\.png was not written; the study itself is done/)
    expect(existsSync(figure)).toBe(false)
  })

  it('avsal infer --audio-file F runs the file condition; --audio zero with --audio-file is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const wav = toneWav(work)
    const r = avsal(['infer', '--model', 'stavis', '--weights', 'synthetic', '--dataset', single.root, '--frames', '0-3', '--audio-file', wav, '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { audioCondition: string; notes: string[] }
    expect(report.audioCondition).toBe('file')
    expect(report.notes.join('\n')).toContain(`file audio: ${wav}`)
    const both = avsal(['infer', '--model', 'stavis', '--weights', 'synthetic', '--dataset', single.root, '--audio', 'zero', '--audio-file', wav], dir)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--audio-file is the audio of --audio file, not of --audio zero/)
  })

  it('--help lists audio-swap and every audio condition of infer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['--help'], dir)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('avsal audio-swap --model M')
    expect(r.stdout).toContain('[--audio real|zero|random|wolfram|shuffled|file] [--audio-file F]')
    const bare = avsal(['audio-swap'], dir)
    expect(bare.code).toBe(2)
    expect(bare.stderr).toMatch(/audio-visual models: .*stavis/)
  })
})

describeWithData(['dhf1k-sample/video/002.AVI', 'dhf1k-sample/exportdata_train'], 'avsal audio-swap on a real audio-visual set (DHF1K 002)', () => {
  let real: RealAvSet

  beforeAll(async () => {
    real = await buildRealAvSet(SHARED_DATA, 16)
  })

  it('scores real, zero and a short file; flags the silent video and the padded file audio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsal-cli-'))
    const r = avsal(['audio-swap', '--model', 'stavis', '--weights', 'synthetic', '--dataset', real.root, '--frames', '0-7', '--conditions', 'zero,file', '--audio-file', real.shortAudio, '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as StudyJson
    expect(out.conditions).toEqual(['real', 'zero', 'file'])
    expect(out.videos).toHaveLength(3)
    for (const c of ['zero', 'file']) expect(VERDICTS).toContain(out.verdict[c])
    expect(out.notes).toContain(`${real.silent}, real: no audio track: real = silence`)
    for (const v of out.videos) expect(v.audio.file.flags).toContain('audio shorter than the video, padded with silence')
    for (const v of out.videos) for (const c of out.conditions) expect(Number.isFinite(v.metrics[c].NSS)).toBe(true)
  })
})
