import { describe, expect, it } from 'vitest'
import {
  exportedBinaryPath,
  findFfmpeg,
  isModernFfmpeg,
  parseFfmpegVersion,
  passthroughArgs,
  resolveFfmpeg,
  unpackedAsarPath,
  type ResolveDeps
} from '../../../src/main/media/ffmpegPath'
import { AppError } from '../../../src/shared/errors'

/** A fake world: which files are executable, which packages are installed. */
function fakeDeps(world: {
  env?: NodeJS.ProcessEnv
  executables?: string[]
  modules?: Record<string, unknown>
  broken?: string[]
}): ResolveDeps {
  const executables = new Set(world.executables ?? [])
  return {
    env: world.env ?? { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    loadModule: (name) => {
      if (!(name in (world.modules ?? {}))) throw new Error(`Cannot find module '${name}'`)
      return world.modules?.[name]
    },
    isExecutable: (path) => executables.has(path),
    readVersion: (path) => {
      if (world.broken?.includes(path)) throw new Error('exec format error')
      return `v-of-${path}`
    }
  }
}

describe('findFfmpeg: resolution order', () => {
  it('takes FFMPEG_PATH and FFPROBE_PATH from the environment first', () => {
    const found = findFfmpeg(
      fakeDeps({
        env: { FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/probe/ffprobe', PATH: '/usr/bin' },
        executables: ['/opt/ff/ffmpeg', '/opt/probe/ffprobe', '/usr/bin/ffmpeg', '/usr/bin/ffprobe'],
        modules: { 'ffmpeg-static': '/node_modules/ffmpeg-static/ffmpeg' }
      })
    )
    expect(found).toEqual({ ffmpeg: '/opt/ff/ffmpeg', ffprobe: '/opt/probe/ffprobe', source: 'env', version: 'v-of-/opt/ff/ffmpeg' })
  })

  it('pairs FFMPEG_PATH with the ffprobe beside it when FFPROBE_PATH is unset', () => {
    const found = findFfmpeg(fakeDeps({ env: { FFMPEG_PATH: '/opt/ff/ffmpeg' }, executables: ['/opt/ff/ffmpeg', '/opt/ff/ffprobe'] }))
    expect(found.ffprobe).toBe('/opt/ff/ffprobe')
  })

  it('rejects an FFMPEG_PATH that is not executable instead of silently using another binary', () => {
    const deps = fakeDeps({ env: { FFMPEG_PATH: '/nope/ffmpeg', PATH: '/usr/bin' }, executables: ['/usr/bin/ffmpeg', '/usr/bin/ffprobe'] })
    expect(() => findFfmpeg(deps)).toThrow(/FFMPEG_PATH=\/nope\/ffmpeg is not an executable/)
  })

  it('uses ffmpeg-static next, with the app.asar path rewritten to app.asar.unpacked', () => {
    const packed = '/opt/App/resources/app.asar/node_modules/ffmpeg-static/ffmpeg'
    const unpacked = '/opt/App/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'
    const found = findFfmpeg(
      fakeDeps({
        modules: { 'ffmpeg-static': packed },
        executables: [unpacked, '/usr/bin/ffmpeg', '/usr/bin/ffprobe']
      })
    )
    expect(found.source).toBe('ffmpeg-static')
    expect(found.ffmpeg).toBe(unpacked)
    expect(found.ffprobe).toBe('/usr/bin/ffprobe')
  })

  it('skips ffmpeg-static when its binary was never downloaded, and uses @ffmpeg-installer', () => {
    const found = findFfmpeg(
      fakeDeps({
        modules: {
          'ffmpeg-static': '/nm/ffmpeg-static/ffmpeg',
          '@ffmpeg-installer/ffmpeg': { path: '/nm/@ffmpeg-installer/linux-x64/ffmpeg', version: '20181210-g0e8eb07980' },
          '@ffprobe-installer/ffprobe': { path: '/nm/@ffprobe-installer/linux-x64/ffprobe' }
        },
        executables: ['/nm/@ffmpeg-installer/linux-x64/ffmpeg', '/nm/@ffprobe-installer/linux-x64/ffprobe', '/usr/bin/ffmpeg', '/usr/bin/ffprobe']
      })
    )
    expect(found).toMatchObject({
      source: 'ffmpeg-installer',
      ffmpeg: '/nm/@ffmpeg-installer/linux-x64/ffmpeg',
      ffprobe: '/nm/@ffprobe-installer/linux-x64/ffprobe'
    })
  })

  it('falls back to PATH, in PATH order', () => {
    const found = findFfmpeg(fakeDeps({ executables: ['/usr/bin/ffmpeg', '/usr/bin/ffprobe', '/usr/local/bin/ffprobe'] }))
    expect(found).toMatchObject({ source: 'path', ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' })
  })

  it('passes over a binary that does not run and says why when nothing is left', () => {
    const deps = fakeDeps({ executables: ['/usr/bin/ffmpeg', '/usr/bin/ffprobe'], broken: ['/usr/bin/ffmpeg'] })
    expect(() => findFfmpeg(deps)).toThrow(/\/usr\/bin\/ffmpeg does not run \(exec format error\)/)
  })

  it('raises ffmpeg-missing with an install hint when there is no binary at all', () => {
    let caught: unknown
    try {
      findFfmpeg(fakeDeps({ executables: [] }))
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('ffmpeg-missing')
    expect((caught as AppError).message).toMatch(/apt-get install ffmpeg/)
    expect((caught as AppError).message).toMatch(/FFMPEG_PATH/)
  })

  it('refuses an ffmpeg without any ffprobe', () => {
    expect(() => findFfmpeg(fakeDeps({ executables: ['/usr/bin/ffmpeg'] }))).toThrow(/has no ffprobe/)
  })
})

describe('ffmpegPath helpers', () => {
  it('rewrites only the app.asar folder segment', () => {
    expect(unpackedAsarPath('/a/app.asar/node_modules/x/ffmpeg')).toBe('/a/app.asar.unpacked/node_modules/x/ffmpeg')
    expect(unpackedAsarPath('C:\\App\\resources\\app.asar\\ffmpeg.exe')).toBe('C:\\App\\resources\\app.asar.unpacked\\ffmpeg.exe')
    expect(unpackedAsarPath('/a/app.asar.unpacked/x/ffmpeg')).toBe('/a/app.asar.unpacked/x/ffmpeg')
    expect(unpackedAsarPath('/usr/bin/ffmpeg')).toBe('/usr/bin/ffmpeg')
  })

  it('reads binary paths from the shapes the npm packages export', () => {
    expect(exportedBinaryPath('/x/ffmpeg')).toBe('/x/ffmpeg')
    expect(exportedBinaryPath({ path: '/y/ffprobe' })).toBe('/y/ffprobe')
    expect(exportedBinaryPath({ default: '/z/ffmpeg' })).toBe('/z/ffmpeg')
    expect(exportedBinaryPath(null)).toBeNull()
  })

  it('parses `ffmpeg -version` and picks the passthrough flag per version', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1')
    expect(parseFfmpegVersion('ffmpeg version n6.1.1 Copyright')).toBe('n6.1.1')
    expect(() => parseFfmpegVersion('hello')).toThrow(/unexpected/)
    expect(passthroughArgs('5.1.9-0+deb12u1')).toEqual(['-fps_mode', 'passthrough'])
    expect(passthroughArgs('n6.1.1')).toEqual(['-fps_mode', 'passthrough'])
    expect(passthroughArgs('4.4.2')).toEqual(['-vsync', 'passthrough'])
    expect(passthroughArgs('20181210-g0e8eb07980')).toEqual(['-vsync', 'passthrough'])
    expect(isModernFfmpeg('N-112345-gabcdef')).toBe(true)
  })
})

describe('resolveFfmpeg on this machine', () => {
  it('finds a working ffmpeg and ffprobe and caches the answer', () => {
    const first = resolveFfmpeg({ refresh: true })
    expect(first.ffmpeg).toMatch(/ffmpeg(\.exe)?$/)
    expect(first.ffprobe).toMatch(/ffprobe(\.exe)?$/)
    expect(first.version.length).toBeGreaterThan(0)
    expect(resolveFfmpeg()).toBe(first)
    console.info(`ffmpeg: ${first.ffmpeg} (${first.source}, ${first.version})`)
  })
})
