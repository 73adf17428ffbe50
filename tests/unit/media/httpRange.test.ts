import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentTypeFor } from '../../../src/main/media/contentType'
import { parseRange } from '../../../src/main/media/httpRange'
import { resolveInside } from '../../../src/main/media/safePath'
import { mediaFileResponse, sendFile, toWebResponse } from '../../../src/main/media/serveFile'

describe('parseRange', () => {
  const size = 1000
  it.each([
    [undefined, null],
    ['', null],
    ['bytes=0-499', { start: 0, end: 499 }],
    ['bytes=500-999', { start: 500, end: 999 }],
    ['bytes=500-', { start: 500, end: 999 }],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['Bytes = 10-20', { start: 10, end: 20 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=1000-1001', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-2', null],
    ['bytes=abc', null],
    ['bytes=1-x', null],
    ['bytes=-', null],
    ['bytes=1.5-2', null],
    ['items=0-10', null],
    ['bytes=0-10,20-30', null],
    ['bytes=99999999999999999999-', null]
  ] as const)('%s → %j', (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected)
  })

  it('treats every range of an empty file as unsatisfiable', () => {
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable')
    expect(parseRange('bytes=-10', 0)).toBe('unsatisfiable')
    expect(parseRange(undefined, 0)).toBeNull()
  })
})

describe('contentTypeFor', () => {
  it('maps the served extensions, case-insensitively', () => {
    expect(contentTypeFor('/c/000001.jpg')).toBe('image/jpeg')
    expect(contentTypeFor('/m/MAP.PNG')).toBe('image/png')
    expect(contentTypeFor('/a/audio.wav')).toBe('audio/wav')
    expect(contentTypeFor('/v/002.AVI')).toBe('video/x-msvideo')
    expect(contentTypeFor('/x/blob')).toBe('application/octet-stream')
  })
})

describe('resolveInside', () => {
  let base: string
  let root: string
  let otherRoot: string
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'avsal-safe-'))
    root = join(base, 'dataset')
    otherRoot = join(base, 'cache')
    mkdirSync(join(root, 'video 1', 'maps'), { recursive: true })
    mkdirSync(otherRoot)
    writeFileSync(join(root, 'video 1', 'maps', '0001.png'), 'png')
    writeFileSync(join(otherRoot, 'frame.jpg'), 'jpg')
    writeFileSync(join(base, 'secret.txt'), 'secret')
    mkdirSync(join(base, 'dataset-evil'))
    writeFileSync(join(base, 'dataset-evil', 'x.png'), 'x')
    symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'))
    symlinkSync(base, join(root, 'escape-dir'))
    symlinkSync(join(root, 'video 1', 'maps', '0001.png'), join(root, 'alias.png'))
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('returns the real path of files inside a root', () => {
    expect(resolveInside([root], 'video 1/maps/0001.png')).toBe(join(root, 'video 1', 'maps', '0001.png'))
    expect(resolveInside([root, otherRoot], 'frame.jpg')).toBe(join(otherRoot, 'frame.jpg'))
    expect(resolveInside([root], 'video 1/./maps/0001.png')).toBe(join(root, 'video 1', 'maps', '0001.png'))
    expect(resolveInside([root], 'alias.png')).toBe(join(root, 'video 1', 'maps', '0001.png'))
  })

  it.each([
    ['parent traversal', '../secret.txt'],
    ['traversal in the middle', 'video 1/../../secret.txt'],
    ['backslash traversal', '..\\secret.txt'],
    ['sibling folder sharing the prefix', '../dataset-evil/x.png'],
    ['absolute path', '/etc/passwd'],
    ['absolute path inside the root', '/video 1/maps/0001.png'],
    ['windows drive path', 'C:\\Windows\\win.ini'],
    ['encoded dots', '%2e%2e/secret.txt'],
    ['encoded slash', '..%2fsecret.txt'],
    ['mixed-case encoding', '%2E%2E%2Fsecret.txt'],
    ['NUL byte', 'video 1/maps/0001.png\0.jpg'],
    ['encoded NUL', 'video 1/maps/0001.png%00'],
    ['symlinked file pointing outside', 'escape.txt'],
    ['symlinked folder pointing outside', 'escape-dir/secret.txt'],
    ['missing file', 'video 1/maps/9999.png'],
    ['a folder', 'video 1'],
    ['empty path', '']
  ])('refuses %s', (_label, requested) => {
    expect(resolveInside([root], requested)).toBeNull()
  })
})

describe('serving files with Range over node:http', () => {
  let dir: string
  let server: Server
  let base: string
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 256))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'avsal-serve-'))
    writeFileSync(join(dir, 'clip.wav'), bytes)
    writeFileSync(join(dir, 'secret.txt'), 'secret')
    mkdirSync(join(dir, 'root'))
    writeFileSync(join(dir, 'root', 'a.bin'), bytes)
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'root', 'leak.bin'))
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const requested = decodeURIComponent(url.pathname.replace(/^\/media\//, ''))
      const file = requested === 'clip.wav' ? join(dir, 'clip.wav') : resolveInside([join(dir, 'root')], requested)
      if (!file) {
        res.writeHead(403).end()
        return
      }
      sendFile(req, res, file, contentTypeFor(file)).catch(() => res.destroy())
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/`
  })
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves the whole file with 200 and Accept-Ranges', async () => {
    const res = await fetch(`${base}clip.wav`)
    expect(res.status).toBe(200)
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('content-type')).toBe('audio/wav')
    expect(res.headers.get('content-length')).toBe('10000')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('answers a byte range with 206 and Content-Range', async () => {
    const res = await fetch(`${base}clip.wav`, { headers: { Range: 'bytes=1000-1999' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 1000-1999/10000')
    expect(res.headers.get('content-length')).toBe('1000')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true)
    const tail = await fetch(`${base}clip.wav`, { headers: { Range: 'bytes=-10' } })
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(9990))).toBe(true)
  })

  it('answers 416 with bytes */size for a range past the end', async () => {
    const res = await fetch(`${base}clip.wav`, { headers: { Range: 'bytes=20000-' } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe('bytes */10000')
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${base}clip.wav`, { method: 'HEAD', headers: { Range: 'bytes=0-99' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-length')).toBe('100')
    expect(res.headers.get('content-range')).toBe('bytes 0-99/10000')
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('revalidates with the ETag (304) and ignores Range when If-Range is stale', async () => {
    const first = await fetch(`${base}clip.wav`)
    await first.arrayBuffer()
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^W\/"/)
    const again = await fetch(`${base}clip.wav`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    const stale = await fetch(`${base}clip.wav`, { headers: { Range: 'bytes=0-9', 'If-Range': 'W/"old"' } })
    expect(stale.status).toBe(200)
    expect((await stale.arrayBuffer()).byteLength).toBe(10_000)
  })

  it('refuses traversal and symlink escapes through the server with 403', async () => {
    expect((await fetch(`${base}a.bin`)).status).toBe(200)
    expect((await fetch(`${base}leak.bin`)).status).toBe(403)
    // fetch would normalise a literal ../, so send it encoded; the handler decodes once.
    expect((await fetch(`${base}..%2fsecret.txt`)).status).toBe(403)
    expect((await fetch(`${base}%252e%252e%252fsecret.txt`)).status).toBe(403)
  })

  it('builds the same answer as a web Response (for Electron protocol.handle)', async () => {
    const partial = toWebResponse(await mediaFileResponse(join(dir, 'clip.wav'), 'bytes=10-19'))
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe('bytes 10-19/10000')
    expect([...new Uint8Array(await partial.arrayBuffer())]).toEqual([...bytes.subarray(10, 20)])
    const missing = toWebResponse(await mediaFileResponse(join(dir, 'nope.wav'), undefined))
    expect(missing.status).toBe(404)
    const post = await mediaFileResponse(join(dir, 'clip.wav'), undefined, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.Allow).toBe('GET, HEAD')
  })
})
