// The headless host: the built renderer, the API as POST /api/<method>, events as
// Server-Sent Events, media with Range. Binds 127.0.0.1 unless told otherwise; every API,
// event and media request needs the per-launch token (header or ?token=).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { toErrorBody } from '../../../shared/errors'
import { contentTypeFor, resolveInside, resolveMedia, sendFile, type AppService } from '../../app'

export interface HttpHostOptions {
  service: AppService
  /** folder with the built renderer (index.html) */
  rendererDir: string
  host?: string
  port?: number
  token?: string
}

export interface HttpHost {
  server: Server
  url: string
  /** URL to open in a browser, token included */
  launchUrl: string
  token: string
  close(): Promise<void>
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join('; ')

const MAX_BODY = 1 << 20
/** a `..` segment, plain or percent-encoded, or an encoded NUL */
const TRAVERSAL = /(^|\/|%2f|%5c|\\)(\.|%2e){2}(\/|%2f|%5c|\\|$)|%00/i

function tokenMatches(expected: Buffer, given: string | null): boolean {
  if (!given) return false
  const candidate = Buffer.from(given)
  return candidate.length === expected.length && timingSafeEqual(candidate, expected)
}

function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7)
  return url.searchParams.get('token')
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store'
  })
  res.end(text)
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { service, rendererDir } = options
  const token = options.token ?? randomBytes(24).toString('base64url')
  const expected = Buffer.from(token)
  const sseClients = new Set<ServerResponse>()
  const unsubscribe = service.events.on((event) => {
    const line = `data: ${JSON.stringify(event)}\n\n`
    for (const client of sseClients) client.write(line)
  })

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'method-not-allowed', message: 'use POST' } })
    let args: unknown
    try {
      const text = await readBody(req)
      const parsed: unknown = text ? JSON.parse(text) : { args: [] }
      args = (parsed as { args?: unknown }).args ?? []
    } catch (err) {
      return sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: `request body is not valid JSON: ${(err as Error).message}` } })
    }
    try {
      const result = await service.call(method, args)
      sendJson(res, 200, { ok: true, result })
    } catch (err) {
      sendJson(res, 200, { ok: false, error: toErrorBody(err) })
    }
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    sseClients.add(res)
    req.on('close', () => sseClients.delete(res))
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : pathname.slice(1)
    let decoded: string
    try {
      decoded = decodeURIComponent(rel)
    } catch {
      return sendText(res, 400, 'bad path')
    }
    const path = resolveInside([rendererDir], decoded)
    if (!path) return sendText(res, 404, 'not found')
    if (path.endsWith('.html')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    await sendFile(req, res, path, contentTypeFor(path), path.endsWith('.html') ? 'no-store' : 'no-cache')
  }

  const server = createServer((req, res) => {
    // Judge traversal on the raw path: URL parsing would resolve `..` away before we see it.
    const rawPath = (req.url ?? '/').split('?')[0]
    if (TRAVERSAL.test(rawPath)) return sendText(res, 403, 'forbidden: path traversal')
    const url = new URL(req.url ?? '/', 'http://localhost')
    const pathname = url.pathname
    const needsToken = pathname.startsWith('/api/') || pathname === '/events' || pathname.startsWith('/media/')
    if (needsToken && !tokenMatches(expected, requestToken(req, url))) {
      return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token: open the link printed by `avsal serve`' } })
    }
    const work = (async () => {
      if (pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice(5))
      if (pathname === '/events') return handleEvents(req, res)
      if (pathname.startsWith('/media/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'GET or HEAD')
        // keep the raw (still-encoded) path: the media router decodes it itself
        const target = await resolveMedia(service, rawPath.slice('/media'.length))
        if (target.kind === 'error') return sendText(res, target.status, target.message)
        return sendFile(req, res, target.path, contentTypeFor(target.path), target.cacheControl)
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'GET or HEAD')
      return handleStatic(req, res, pathname)
    })()
    work.catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${(err as Error).message}`)
      else res.destroy()
    })
  })

  const host = options.host ?? '127.0.0.1'
  // Keep idle connections longer than clients do (browsers ~5 min, undici 4 s), so a request is
  // never sent on a socket the server is closing at that moment (Node's default is 5 s).
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolvePromise())
  })
  const address = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${address.port}`
  return {
    server,
    url,
    launchUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        unsubscribe()
        for (const client of sseClients) client.end()
        server.closeAllConnections()
        server.close(() => resolvePromise())
      })
  }
}

/** Where the built renderer sits relative to a built main entry (out/main → out/renderer). */
export function builtRendererDir(mainDir: string): string {
  return join(mainDir, '..', 'renderer')
}
