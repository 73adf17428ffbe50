// `avsal audio-swap --model M --weights F --dataset DIR [...]`: the audio-swap study (does the
// model listen?) as one command — a study run of the app's job system: it waits in its device's
// queue like any model job, runs every condition with the visual features computed once, scores
// each condition with the same protocol, and prints the audio-reliance table (Table 5.1 with
// paired Wilcoxon tests, feature norms, verdicts). Progress on stderr; Ctrl-C cancels.
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import { audioSwapReportMarkdown, type AudioSwapReport } from '../../../shared/reports'
import { AUDIO_CONDITION_NAMES, parseFrameRange } from '../../../shared/schemas'
import type { DatasetRecord, RunDetail } from '../../../shared/types'
import type { AppService } from '../../app'
import { exitCodeOf, watchJob } from './jobWatch'
import { listOption, numberOption } from './options'
import { printJson, usage } from './output'

/** The thesis's set (Table 5.1), used when --conditions is not given. */
export const DEFAULT_STUDY_CONDITIONS = ['real', 'zero', 'random', 'shuffled'] as const

export interface AudioSwapArgs {
  model?: string
  weights?: string
  dataset?: string
  videos?: string
  frames?: string
  conditions?: string
  audioFile?: string
  seed?: string
  protocol?: string
  figure?: string
  figureFrames?: string
  visualModel?: string
  visualWeights?: string
  runtime?: string
  threads?: string
  batch?: string
  label?: string
  json: boolean
}

export async function audioSwapUsage(service: AppService): Promise<string> {
  const models = await service.listModels()
  const hearing = models.filter((m) => m.needsAudio).map((m) => m.name)
  const visual = models.filter((m) => !m.needsAudio).map((m) => m.name)
  return (
    `usage: avsal audio-swap --model M --weights F.pt|synthetic --dataset DIR [--videos a,b] [--frames A-B] ` +
    `[--conditions ${AUDIO_CONDITION_NAMES.join(',')}] [--audio-file F] [--seed N] [--protocol P] ` +
    `[--visual-model M [--visual-weights F]] [--figure out.png] [--figure-frames 10,20] [--runtime ort|tfjs] [--threads N] [--batch N] [--json]\n` +
    `  audio-visual models: ${hearing.join(', ')}\n  visual-only (for --visual-model): ${visual.join(', ')}`
  )
}

/** The conditions to run: --conditions as given; when omitted, the thesis's set (plus 'file' when --audio-file names one). */
function studyConditions(args: AudioSwapArgs): string[] | undefined {
  const given = listOption(args.conditions)
  if (given === undefined) return args.audioFile === undefined ? [...DEFAULT_STUDY_CONDITIONS] : [...DEFAULT_STUDY_CONDITIONS, 'file']
  if (args.audioFile !== undefined && !given.includes('file')) {
    throw usage(`--audio-file is the audio of the 'file' condition, which --conditions ${args.conditions} leaves out: add file to --conditions`)
  }
  if (args.audioFile === undefined && given.includes('file')) throw usage("the 'file' condition plays an audio file to the model: name it with --audio-file F")
  return given
}

/** Fails before the study runs when --figure cannot be written where asked. */
function checkFigureTarget(path: string): string {
  const target = resolve(path)
  const folder = dirname(target)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new AppError('bad-argument', `--figure ${path}: the folder ${folder} does not exist`)
  if (existsSync(target) && statSync(target).isDirectory()) throw new AppError('bad-argument', `--figure ${path} is a folder; give the PNG's file name`)
  return target
}

/** Where the study's files are: its report, tables, figure and the heard audio. */
interface StudyFiles {
  report: string | null
  tables: string[]
  figure: string | null
  /** <study dir>/heard/<condition>/<video id>.wav: exactly what the model heard */
  heard: string | null
  /** where --figure copied the figure */
  figureCopy: string | null
}

async function studyFiles(service: AppService, report: AudioSwapReport): Promise<StudyFiles> {
  const detail = (await service.call('getRun', [report.runId])) as RunDetail
  const reportPath = detail.artifacts.find((a) => a.kind === 'report')?.path ?? null
  const heard = reportPath ? join(dirname(reportPath), 'heard') : null
  return {
    report: reportPath,
    tables: detail.artifacts.filter((a) => a.kind === 'table').map((a) => a.path),
    figure: report.figure ?? detail.artifacts.find((a) => a.kind === 'figure')?.path ?? null,
    heard: heard && existsSync(heard) ? heard : null,
    figureCopy: null
  }
}

function copyFigure(report: AudioSwapReport, files: StudyFiles, target: string): void {
  if (!files.figure || !existsSync(files.figure)) {
    const why = report.notes.find((n) => n.startsWith('figure not drawn') || n.startsWith('no figure'))
    throw new AppError(
      'not-found',
      `study ${report.runId.slice(0, 8)} made no figure${why ? ` (${why})` : files.figure ? ` (${files.figure} is gone)` : ' (no frame to draw)'}, so --figure ${target} was not written; ` +
        `the study itself is done: avsal runs show ${report.runId}`
    )
  }
  copyFileSync(files.figure, target)
  files.figureCopy = target
}

const fmt = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits))
/** A map distance: tiny ones (synthetic weights, a model that barely listens) are not shown as 0.0000. */
const distance = (v: number): string => (v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(1) : fmt(v))

/** The human summary: what ran, the reliance table, per-video distances from real, and where the files are. */
export function printStudy(report: AudioSwapReport, files: StudyFiles | null): void {
  const out = process.stdout
  const versus = report.conditions.filter((c) => c !== 'real')
  out.write(
    `study ${report.runId} (${report.status}, ${report.seconds.toFixed(1)} s): ${report.model} on ${report.dataset}, real vs ${versus.join(', ')}` +
      `${report.weightsSha256 ? `, weights sha256 ${report.weightsSha256.slice(0, 12)}…` : ''}\n\n`
  )
  out.write(audioSwapReportMarkdown(report))
  out.write('\nverdicts:\n')
  for (const c of versus) out.write(`  ${c.padEnd(9)} ${report.verdict[c] ?? '–'}\n`)
  out.write('\nper video: mean |map − real| / max |map − real| / CC with real (map units 0…1)\n')
  for (const v of report.videos) {
    const cells = versus.map((c) => {
      const d = v.mapDifference[c]
      const donor = v.audio[c]?.donor
      return `${c}${donor ? ` (${donor}'s audio)` : ''} ${d ? `${distance(d.meanAbsDiff)} / ${distance(d.maxAbsDiff)} / ${fmt(d.cc, 3)}` : '–'}`
    })
    out.write(`  ${v.video} (${v.frames} frames): ${cells.join('; ')}\n`)
  }
  if (report.visualModel) out.write(`\nvisual-only ${report.visualModel.model}: ${Object.entries(report.visualModel.metrics).map(([k, m]) => `${k} ${fmt(m, 3)}`).join(' ')}\n`)
  out.write('\nchild runs: ')
  out.write(`${Object.entries(report.children).map(([c, r]) => `${c} ${r.inferRunId.slice(0, 8)}${r.evalRunId ? `/${r.evalRunId.slice(0, 8)}` : ''}`).join(', ')} (inference/evaluation)\n`)
  if (!files) return
  if (files.report) out.write(`report:      ${files.report}${files.tables.length ? ` (also ${files.tables.join(', ')})` : ''}\n`)
  if (files.figure) out.write(`figure:      ${files.figure}${files.figureCopy ? ` (copied to ${files.figureCopy})` : ''}\n`)
  if (files.heard) out.write(`heard audio: ${files.heard}/<condition>/<video id>.wav (what the model heard, float32 WAV)\n`)
}

export async function runAudioSwap(service: AppService, args: AudioSwapArgs): Promise<number> {
  if (!args.model || !args.dataset) throw usage(await audioSwapUsage(service))
  if (args.visualWeights !== undefined && args.visualModel === undefined) throw usage('--visual-weights goes with --visual-model M (the visual-only model to compare with)')
  const conditions = studyConditions(args)
  const figureTarget = args.figure === undefined ? null : checkFigureTarget(args.figure)
  const dataset = (await service.call('openDataset', [args.dataset])) as DatasetRecord
  const request = {
    datasetId: dataset.id,
    model: args.model,
    weights: args.weights,
    videos: listOption(args.videos),
    frames: args.frames === undefined ? undefined : parseFrameRange(args.frames),
    conditions,
    audioFile: args.audioFile,
    seed: numberOption(args.seed),
    protocol: args.protocol,
    runtime: args.runtime,
    threads: numberOption(args.threads),
    batch: numberOption(args.batch),
    visualModel: args.visualModel === undefined ? undefined : { model: args.visualModel, weights: args.visualWeights },
    figureFrames: listOption(args.figureFrames)?.map((f) => numberOption(f) as number),
    label: args.label
  }
  const started = (await service.call('startAudioSwap', [request])) as { jobId: string; runId: string }
  const finished = await watchJob(service, started, { unit: 'steps' })
  const report = finished.result as AudioSwapReport | undefined
  if (!report) {
    process.stderr.write(`avsal: study ${started.runId} ended ${finished.progress.status}: ${finished.progress.message ?? ''}\n`)
    return exitCodeOf(finished)
  }
  const files = await studyFiles(service, report)
  if (figureTarget) copyFigure(report, files, figureTarget)
  if (args.json) printJson({ ...report, files })
  else printStudy(report, files)
  return exitCodeOf(finished)
}
