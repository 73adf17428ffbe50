// Maps a media URL path (after the /media prefix or the avsal-media:// scheme) to a file the
// host may send. Catalog routes look paths up by id; /file/<datasetId>/<path> serves raw files
// and is where traversal attempts land: anything outside the registered roots is 403.
import { getDataset } from '../store'
import { realPathInside, resolveInside } from '../media'
import type { AppService } from './service'
import { toErrorBody } from '../../shared/errors'

export type MediaTarget =
  | { kind: 'file'; path: string; cacheControl: string }
  | { kind: 'error'; status: number; message: string }

const IMMUTABLE = 'private, max-age=3600'

function forbidden(): MediaTarget {
  return { kind: 'error', status: 403, message: 'forbidden: outside the registered dataset roots and the app cache' }
}

function statusFor(code: string): number {
  if (code === 'not-found' || code === 'missing-frame' || code === 'frame-out-of-range') return 404
  if (code === 'dataset-missing') return 410
  if (code === 'bad-argument') return 400
  if (code === 'no-audio' || code === 'unknown-run' || code === 'unknown-video') return 404
  return 500
}

function decodeSegments(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s))
  } catch {
    return null
  }
}

async function studyFigure(service: AppService, runId: string): Promise<MediaTarget> {
  try {
    const path = await service.studyFigureFile(runId)
    const real = realPathInside(service.mediaRoots(), path)
    return real ? { kind: 'file', path: real, cacheControl: 'no-cache' } : forbidden()
  } catch (err) {
    const body = toErrorBody(err)
    return { kind: 'error', status: statusFor(body.code), message: `${body.code}: ${body.message}` }
  }
}

export async function resolveMedia(service: AppService, pathname: string): Promise<MediaTarget> {
  // Raw-file route: keep the still-encoded remainder so %2e%2e tricks are seen by resolveInside.
  const fileMatch = /^\/file\/(\d+)\/(.+)$/.exec(pathname)
  if (fileMatch) {
    const dataset = getDataset(service.store, Number(fileMatch[1]))
    if (!dataset) return { kind: 'error', status: 404, message: `no dataset ${fileMatch[1]}` }
    let requested: string
    try {
      requested = decodeURIComponent(fileMatch[2])
    } catch {
      return forbidden()
    }
    if (/%(2e|2f|5c|00)/i.test(fileMatch[2]) && /\.\.|\0/.test(requested)) return forbidden()
    const path = resolveInside([dataset.root], requested)
    return path ? { kind: 'file', path, cacheControl: IMMUTABLE } : forbidden()
  }
  const parts = decodeSegments(pathname)
  if (!parts || parts.length < 2) return { kind: 'error', status: 404, message: 'unknown media route' }
  if (parts[0] === 'study-figure' && parts.length === 2) return studyFigure(service, parts[1])
  try {
    let path: string | null = null
    const [route, ...rest] = parts
    const videoId = Number(rest[0])
    if (route === 'frame' && rest.length === 2) {
      path = await service.frameFile(videoId, Number(rest[1]))
    } else if (route === 'map' && rest.length === 3) {
      path = await service.mapFile(videoId, rest[1], Number(rest[2]))
      if (path === null) return { kind: 'error', status: 404, message: `no map for frame ${rest[2]}` }
    } else if (route === 'audio' && rest.length === 1) {
      path = await service.audioFile(videoId)
    } else if (route === 'heard' && rest.length === 2) {
      path = await service.heardAudioFile(rest[0], Number(rest[1]))
    } else {
      return { kind: 'error', status: 404, message: 'unknown media route' }
    }
    // Defence in depth: catalog paths must still sit inside a registered root (re-read the
    // roots once before refusing: a job process may have added a layer folder meanwhile).
    const real = realPathInside(service.mediaRoots(), path) ?? realPathInside(service.mediaRoots(true), path)
    if (!real) return forbidden()
    return { kind: 'file', path: real, cacheControl: route === 'audio' || route === 'heard' ? 'no-cache' : IMMUTABLE }
  } catch (err) {
    const body = toErrorBody(err)
    return { kind: 'error', status: statusFor(body.code), message: `${body.code}: ${body.message}` }
  }
}
