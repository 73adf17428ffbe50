// Serves one file with Range support: 200 / 206 / 304 / 404 / 405 / 416. The response is built
// host-neutrally (mediaFileResponse) and then written to node:http (sendFile) or turned into a web
// Response for Electron's protocol.handle (toWebResponse), which does not do Range by itself
// (electron/electron#38749), so <audio>/<video> could not seek without this.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { contentTypeFor } from './contentType'
import { parseRange } from './httpRange'

export interface MediaFileResponse {
  status: number
  headers: Record<string, string>
  /** empty Buffer for HEAD, 304, 416 and errors */
  body: Readable | Buffer
}

export interface MediaRequestOptions {
  method?: string
  contentType?: string
  /** default 'no-cache': revalidate with the ETag (cheap 304s while scrubbing) */
  cacheControl?: string
  ifNoneMatch?: string
  ifRange?: string
}

const EMPTY = Buffer.alloc(0)

function plain(status: number, message: string, extra: Record<string, string> = {}): MediaFileResponse {
  const body = Buffer.from(message, 'utf8')
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), ...extra },
    body
  }
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true
  // Weak comparison (RFC 9110 §8.8.3.2): ignore W/ prefixes.
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare)
}

export async function mediaFileResponse(
  filePath: string,
  rangeHeader: string | undefined,
  options: MediaRequestOptions = {}
): Promise<MediaFileResponse> {
  const method = (options.method ?? 'GET').toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') return plain(405, `method ${method} not allowed`, { Allow: 'GET, HEAD' })
  let size: number
  let mtime: Date
  try {
    const info = await stat(filePath)
    if (!info.isFile()) return plain(404, 'not found')
    size = info.size
    mtime = info.mtime
  } catch {
    return plain(404, 'not found')
  }
  const etag = `W/"${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}"`
  const common: Record<string, string> = {
    'Accept-Ranges': 'bytes',
    'Cache-Control': options.cacheControl ?? 'no-cache',
    ETag: etag,
    'Last-Modified': mtime.toUTCString()
  }
  if (options.ifNoneMatch && etagMatches(options.ifNoneMatch, etag)) {
    return { status: 304, headers: common, body: EMPTY }
  }
  // If-Range: honour Range only when the client's copy is the current one.
  const rangeStillValid = !options.ifRange || options.ifRange === etag || options.ifRange === common['Last-Modified']
  const range = rangeStillValid ? parseRange(rangeHeader, size) : null
  const contentType = options.contentType ?? contentTypeFor(filePath)
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: EMPTY }
  }
  const start = range ? range.start : 0
  const end = range ? range.end : size - 1
  const length = size === 0 ? 0 : end - start + 1
  const headers: Record<string, string> = { ...common, 'Content-Type': contentType, 'Content-Length': String(length) }
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`
  const status = range ? 206 : 200
  if (method === 'HEAD' || length === 0) return { status, headers, body: EMPTY }
  return { status, headers, body: createReadStream(filePath, { start, end }) }
}

/** Writes `filePath` to a node:http response, honouring Range, HEAD and conditional requests. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  contentType: string,
  cacheControl?: string
): Promise<void> {
  const header = (name: string): string | undefined => {
    const value = req.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const response = await mediaFileResponse(filePath, header('range'), {
    method: req.method,
    contentType,
    cacheControl,
    ifNoneMatch: header('if-none-match'),
    ifRange: header('if-range')
  })
  res.writeHead(response.status, response.headers)
  if (Buffer.isBuffer(response.body)) {
    res.end(response.body)
    return
  }
  try {
    await pipeline(response.body, res)
  } catch (err) {
    // A player that seeks closes the connection mid-body; that is normal, not a server error.
    const code = (err as { code?: string }).code
    if (code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'ECONNRESET' && code !== 'EPIPE') throw err
  }
}

/** The same answer as a web Response, for Electron's `protocol.handle`. */
export function toWebResponse(response: MediaFileResponse): Response {
  const nullBody = response.status === 304 || (Buffer.isBuffer(response.body) && response.body.length === 0)
  let body: BodyInit | null = null
  if (!nullBody) {
    body = Buffer.isBuffer(response.body)
      ? new Uint8Array(response.body)
      : (Readable.toWeb(response.body) as unknown as ReadableStream<Uint8Array>)
  }
  return new Response(body, { status: response.status, headers: response.headers })
}
