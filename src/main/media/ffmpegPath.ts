// Which ffmpeg/ffprobe the app runs, decided once per process:
//   1. FFMPEG_PATH (+ FFPROBE_PATH) from the environment — an explicit choice, so a wrong value is an error
//   2. the `ffmpeg-static` package (optional dependency; its binary sits in app.asar.unpacked when packaged)
//   3. `@ffmpeg-installer/ffmpeg` + `@ffprobe-installer/ffprobe` (binaries inside the npm tarballs, a 2018 build)
//   4. `ffmpeg` / `ffprobe` on PATH (Debian's 5.1 on the build machines)
// The packages are loaded with a dynamic require so that their absence is normal, not a crash.
import { execFileSync } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'

export type FfmpegSource = 'env' | 'ffmpeg-static' | 'ffmpeg-installer' | 'path'

export interface FfmpegBinaries {
  ffmpeg: string
  ffprobe: string
  source: FfmpegSource
  /** what `ffmpeg -version` calls itself, e.g. '5.1.9-0+deb12u1' */
  version: string
}

/** Everything resolution touches in the outside world, injectable for tests. */
export interface ResolveDeps {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  /** require() of an optional package; throws when it is not installed */
  loadModule: (name: string) => unknown
  isExecutable: (path: string) => boolean
  /** runs `<ffmpeg> -version`; throws when the binary cannot run */
  readVersion: (ffmpegPath: string) => string
}

export const INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; ' +
  'Windows: winget install Gyan.FFmpeg), or set FFMPEG_PATH and FFPROBE_PATH to the two binaries.'

/** Packaged Electron apps cannot exec files inside app.asar; electron-builder unpacks them beside it. */
export function unpackedAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

/** Pulls a binary path out of what an ffmpeg npm package exports (a string, or `{ path }`). */
export function exportedBinaryPath(exported: unknown): string | null {
  if (typeof exported === 'string') return exported
  if (exported !== null && typeof exported === 'object') {
    const withPath = exported as { path?: unknown; default?: unknown }
    if (typeof withPath.path === 'string') return withPath.path
    if (withPath.default !== undefined) return exportedBinaryPath(withPath.default)
  }
  return null
}

/** Parses the first line of `ffmpeg -version`. */
export function parseFfmpegVersion(output: string): string {
  const match = /^\S*ffmpeg version (\S+)/m.exec(output)
  if (!match) throw new Error(`unexpected \`ffmpeg -version\` output: ${output.slice(0, 120)}`)
  return match[1]
}

function executableName(tool: 'ffmpeg' | 'ffprobe', platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${tool}.exe` : tool
}

function findOnPath(tool: 'ffmpeg' | 'ffprobe', deps: ResolveDeps): string | null {
  const dirs = (deps.env.PATH ?? deps.env.Path ?? '').split(deps.platform === 'win32' ? ';' : delimiter)
  for (const dir of dirs) {
    if (!dir) continue
    const candidate = join(dir, executableName(tool, deps.platform))
    if (deps.isExecutable(candidate)) return candidate
  }
  return null
}

function packageBinary(name: string, deps: ResolveDeps): string | null {
  let exported: unknown
  try {
    exported = deps.loadModule(name)
  } catch {
    return null
  }
  const raw = exportedBinaryPath(exported)
  if (!raw) return null
  const path = unpackedAsarPath(raw)
  return deps.isExecutable(path) ? path : null
}

/** ffprobe to pair with a given ffmpeg: same folder first (same build), then the packages, then PATH. */
function companionFfprobe(ffmpeg: string, preferred: string[], deps: ResolveDeps): string | null {
  for (const name of preferred) {
    const found = packageBinary(name, deps)
    if (found) return found
  }
  const sibling = join(dirname(ffmpeg), executableName('ffprobe', deps.platform))
  if (deps.isExecutable(sibling)) return sibling
  for (const name of ['@ffprobe-installer/ffprobe', 'ffprobe-static']) {
    const found = packageBinary(name, deps)
    if (found) return found
  }
  return findOnPath('ffprobe', deps)
}

interface Candidate {
  source: FfmpegSource
  ffmpeg: string
  ffprobe: string | null
}

function envCandidate(deps: ResolveDeps): Candidate | null {
  const ffmpeg = deps.env.FFMPEG_PATH
  if (!ffmpeg) return null
  if (!deps.isExecutable(ffmpeg)) {
    throw new AppError('ffmpeg-missing', `FFMPEG_PATH=${ffmpeg} is not an executable file. ${INSTALL_HINT}`)
  }
  const explicitProbe = deps.env.FFPROBE_PATH
  if (explicitProbe && !deps.isExecutable(explicitProbe)) {
    throw new AppError('ffmpeg-missing', `FFPROBE_PATH=${explicitProbe} is not an executable file. ${INSTALL_HINT}`)
  }
  return { source: 'env', ffmpeg, ffprobe: explicitProbe || companionFfprobe(ffmpeg, [], deps) }
}

function* candidates(deps: ResolveDeps): Generator<Candidate> {
  const fromEnv = envCandidate(deps)
  if (fromEnv) {
    yield fromEnv
    return
  }
  const staticBinary = packageBinary('ffmpeg-static', deps)
  if (staticBinary) {
    yield {
      source: 'ffmpeg-static',
      ffmpeg: staticBinary,
      ffprobe: companionFfprobe(staticBinary, ['ffprobe-static'], deps)
    }
  }
  const installerBinary = packageBinary('@ffmpeg-installer/ffmpeg', deps)
  if (installerBinary) {
    yield {
      source: 'ffmpeg-installer',
      ffmpeg: installerBinary,
      ffprobe: companionFfprobe(installerBinary, ['@ffprobe-installer/ffprobe'], deps)
    }
  }
  const onPath = findOnPath('ffmpeg', deps)
  if (onPath) yield { source: 'path', ffmpeg: onPath, ffprobe: companionFfprobe(onPath, [], deps) }
}

/** Resolution without caching; every outside effect goes through `deps`. */
export function findFfmpeg(deps: ResolveDeps): FfmpegBinaries {
  const rejected: string[] = []
  for (const candidate of candidates(deps)) {
    if (!candidate.ffprobe) {
      rejected.push(`${candidate.source}: ${candidate.ffmpeg} has no ffprobe beside it, in a package or on PATH`)
      continue
    }
    try {
      const version = deps.readVersion(candidate.ffmpeg)
      return { ffmpeg: candidate.ffmpeg, ffprobe: candidate.ffprobe, source: candidate.source, version }
    } catch (err) {
      rejected.push(`${candidate.source}: ${candidate.ffmpeg} does not run (${(err as Error).message})`)
    }
  }
  const tried = rejected.length > 0 ? ` Rejected: ${rejected.join('; ')}.` : ''
  throw new AppError(
    'ffmpeg-missing',
    `No usable ffmpeg/ffprobe found (FFMPEG_PATH, ffmpeg-static, @ffmpeg-installer/ffmpeg, PATH).${tried} ${INSTALL_HINT}`,
    rejected
  )
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function loadOptionalModule(name: string): unknown {
  // The bundled main process is CommonJS and has `require`; under ESM (tests) build one.
  const load = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'))
  return load(name)
}

function readFfmpegVersion(ffmpeg: string): string {
  const output = execFileSync(ffmpeg, ['-version'], { encoding: 'utf8', timeout: 10_000, windowsHide: true })
  return parseFfmpegVersion(output)
}

export function defaultResolveDeps(): ResolveDeps {
  return {
    env: process.env,
    platform: process.platform,
    loadModule: loadOptionalModule,
    isExecutable: isExecutableFile,
    readVersion: readFfmpegVersion
  }
}

let cached: FfmpegBinaries | null = null

/** The binaries this process uses (resolved once; `refresh` re-reads the environment). */
export function resolveFfmpeg(options: { refresh?: boolean } = {}): FfmpegBinaries {
  if (!cached || options.refresh) cached = findFfmpeg(defaultResolveDeps())
  return cached
}

/** Numeric [major, minor] of a release version, or null for git/nightly builds ('N-…', '20181210-g…'). */
export function releaseVersion(version: string): [number, number] | null {
  const match = /^n?(\d+)\.(\d+)/.exec(version)
  return match ? [Number(match[1]), Number(match[2])] : null
}

/**
 * True for ffmpeg ≥ 5.1 (where `-fps_mode` and `-stats_period` exist). Nightlies ('N-…') count as
 * recent; dated builds ('20181210-g…', @ffmpeg-installer's) as old.
 */
export function isModernFfmpeg(version: string): boolean {
  const release = releaseVersion(version)
  return release ? release[0] > 5 || (release[0] === 5 && release[1] >= 1) : version.startsWith('N-')
}

/** Keep every decoded frame, no drops or duplicates: `-fps_mode` from 5.1, `-vsync` before it. */
export function passthroughArgs(version: string): string[] {
  return isModernFfmpeg(version) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']
}
