// Fetching and decoding media: frames become ImageBitmaps, maps become GrayMaps (one byte per
// pixel, decoded once and coloured at paint time). The server may still be decoding the first
// frames of a video file, so "not ready" answers are retried with a growing delay.
import { grayFromRgba, type GrayMap } from './overlay'
import { AppError, fromErrorBody } from '../../../shared/errors'

// statuses that mean "try again shortly" rather than "no such thing"
const RETRY_STATUSES = new Set([202, 408, 425, 429, 502, 503, 504])
const MAX_ATTEMPTS = 12

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function errorFromResponse(url: string, response: Response): Promise<AppError> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } }
    const error = body.error
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return fromErrorBody({ code: error.code, message: error.message, details: error.details })
    }
  } catch {
    // not JSON: fall through to the plain text
  }
  const path = url.split('?')[0]
  // the media routes answer "code: message" as plain text
  const coded = /^([a-z][a-z0-9-]*): ([\s\S]+)$/.exec(text.trim())
  if (coded) return fromErrorBody({ code: coded[1], message: `GET ${path} (HTTP ${response.status}): ${coded[2]}` })
  const code = response.status === 401 ? 'unauthorized' : response.status === 404 ? 'not-found' : 'bad-response'
  return new AppError(code, `GET ${path} answered HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`)
}

/** GET with retries while the server is still preparing; null for 404 when allowed. */
async function fetchBlob(url: string, allowMissing: boolean): Promise<Blob | null> {
  for (let attempt = 1; ; attempt++) {
    let response: Response
    try {
      response = await fetch(url)
    } catch (err) {
      if (attempt >= 3) {
        throw new AppError('network', `GET ${url.split('?')[0]} failed: ${err instanceof Error ? err.message : String(err)}`)
      }
      await sleep(200 * attempt)
      continue
    }
    if (response.ok && response.status !== 202) return response.blob()
    if (response.status === 404 && allowMissing) return null
    if (RETRY_STATUSES.has(response.status) && attempt < MAX_ATTEMPTS) {
      await response.body?.cancel()
      await sleep(Math.min(2000, 150 * attempt))
      continue
    }
    throw await errorFromResponse(url, response)
  }
}

// Maps must keep their stored values (no colour management, no premultiplication); frames are
// only displayed, and the default path decodes them ~1.5–2.5× faster (measured in Chromium).
const RAW_DECODE: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' }

async function decode(url: string, blob: Blob, options?: ImageBitmapOptions): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, options)
  } catch (err) {
    throw new AppError(
      'decode-failed',
      `${url.split('?')[0]} (${blob.type || 'unknown type'}, ${blob.size} bytes) is not an image the browser can decode: ${
        err instanceof Error ? err.message : String(err)
      }`
    )
  }
}

export async function loadFrameBitmap(url: string): Promise<ImageBitmap> {
  const blob = await fetchBlob(url, false)
  if (!blob) throw new AppError('not-found', `${url.split('?')[0]} not found`)
  return decode(url, blob)
}

let scratch: OffscreenCanvas | null = null

/** The map of one frame as gray bytes, or null when the server has no map for that frame. */
export async function loadGrayMap(url: string): Promise<GrayMap | null> {
  const blob = await fetchBlob(url, true)
  if (!blob) return null
  const bitmap = await decode(url, blob, RAW_DECODE)
  try {
    const { width, height } = bitmap
    if (!scratch) scratch = new OffscreenCanvas(width, height)
    if (scratch.width !== width || scratch.height !== height) {
      scratch.width = width
      scratch.height = height
    }
    const ctx = scratch.getContext('2d', { willReadFrequently: true })
    if (!ctx) throw new AppError('canvas-unavailable', 'this browser cannot create a 2D canvas to read map pixels')
    ctx.clearRect(0, 0, width, height)
    ctx.drawImage(bitmap, 0, 0)
    return grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height)
  } finally {
    bitmap.close()
  }
}
