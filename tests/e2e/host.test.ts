// The headless host over real HTTP: token, traversal, Range, and frame-accurate media for a
// synthetic XviD dataset whose pixels encode their frame index.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetRecord, FramePayload, LayerInfo, VideoSummary } from '../../src/shared/types'
import { codeFor, fixationFor, indexFromCode, makeSyntheticDataset, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { apiCall, startHost, type RunningHost } from './support/host'

let host: RunningHost
let root: string
let dataset: DatasetRecord
let video: VideoSummary

function blockMean(data: Uint8Array, width: number, channels: number, block: { x: number; y: number; size: number }): number {
  let sum = 0
  let n = 0
  // inner part of the block only: codec ringing sits on the edges
  for (let y = block.y + 8; y < block.y + block.size - 8; y++) {
    for (let x = block.x + 8; x < block.x + block.size - 8; x++) {
      sum += data[(y * width + x) * channels]
      n++
    }
  }
  return sum / n
}

/** GET without URL normalisation (fetch would resolve `%2e%2e` and `..` before sending). */
function rawGet(path: string): Promise<number> {
  const url = new URL(host.url)
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume()
      resolvePromise(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

function media(path: string): string {
  return `${host.url}/media${path}?token=${host.token}`
}

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'avsal-host-')), 'synth')
  makeSyntheticDataset(root)
  host = await startHost()
  dataset = await apiCall<DatasetRecord>(host, 'openDataset', root)
  const videos = await apiCall<VideoSummary[]>(host, 'listVideos', dataset.id)
  video = videos[0]
})

afterAll(async () => {
  await host?.stop()
  if (root) rmSync(join(root, '..'), { recursive: true, force: true })
})

describe('headless host', () => {
  it('binds 127.0.0.1 and refuses API, events and media without the token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const noToken = await fetch(`${host.url}/api/appInfo`, { method: 'POST', body: '{"args":[]}' })
    expect(noToken.status).toBe(401)
    const wrong = await fetch(`${host.url}/api/appInfo`, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '{"args":[]}' })
    expect(wrong.status).toBe(401)
    expect((await fetch(`${host.url}/media/frame/1/0`)).status).toBe(401)
    expect((await fetch(`${host.url}/events`)).status).toBe(401)
    const page = await fetch(`${host.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('detects the DHF1K layout of the synthetic dataset', () => {
    expect(dataset.layout).toBe('dhf1k')
    expect(dataset.layoutDetail.length).toBeGreaterThan(10)
    expect(video.frameCount).toBe(SYNTH.frames)
    expect(video.width).toBe(SYNTH.width)
    expect(video.hasAudio).toBe(true)
    expect(video.hasMaps).toBe(true)
  })

  it('serves frame i of the XviD video as exactly the i-th decoded frame, with map i and fixation i', async () => {
    for (const index of [0, 1, 2, 17, 38, 39, 5]) {
      const frameRes = await fetch(media(`/frame/${video.id}/${index}`))
      expect(frameRes.status).toBe(200)
      const frame = jpeg.decode(new Uint8Array(await frameRes.arrayBuffer()), { useTArray: true })
      const frameLevel = blockMean(frame.data, frame.width, 4, SYNTH.frameBlock)
      expect(indexFromCode(frameLevel)).toBe(index)
      expect(Math.abs(frameLevel - codeFor(index))).toBeLessThan(2.5)

      const mapRes = await fetch(media(`/map/${video.id}/gt/${index}`))
      expect(mapRes.status).toBe(200)
      const map = PNG.sync.read(Buffer.from(await mapRes.arrayBuffer()))
      expect(blockMean(map.data, map.width, 4, SYNTH.mapBlock)).toBe(codeFor(index))

      const payload = await apiCall<FramePayload>(host, 'getFrame', video.id, index)
      expect(payload.fixations).toEqual([fixationFor(index)])
    }
  })

  it('lists the GT layer and adds a folder of predictions as a layer', async () => {
    const layers = await apiCall<LayerInfo[]>(host, 'listLayers', video.id)
    expect(layers.map((l) => l.id)).toContain('gt')
    const predDir = join(root, 'annotation', '0001', 'maps')
    const layer = await apiCall<LayerInfo>(host, 'addPredictionLayer', video.id, predDir, 'copy of GT')
    expect(layer.kind).toBe('prediction')
    expect(layer.available).toBe(SYNTH.frames)
    const res = await fetch(media(`/map/${video.id}/${layer.id}/3`))
    const map = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
    expect(blockMean(map.data, map.width, 4, SYNTH.mapBlock)).toBe(codeFor(3))
  })

  it('answers Range requests with 206 and out-of-range ones with 416', async () => {
    const url = media(`/file/${dataset.id}/video/001.AVI`)
    const full = await fetch(url)
    expect(full.status).toBe(200)
    const size = Number(full.headers.get('content-length'))
    await full.arrayBuffer()
    const part = await fetch(url, { headers: { Range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`)
    expect((await part.arrayBuffer()).byteLength).toBe(100)
    const bad = await fetch(url, { headers: { Range: `bytes=${size + 10}-` } })
    expect(bad.status).toBe(416)
  })

  it('serves audio with Range support', async () => {
    const res = await fetch(media(`/audio/${video.id}`), { headers: { Range: 'bytes=0-43' } })
    expect(res.status).toBe(206)
    const head = Buffer.from(await res.arrayBuffer())
    expect(head.subarray(0, 4).toString('latin1')).toBe('RIFF')
  })

  it('answers 403 to path traversal attempts', async () => {
    const outside = join(root, '..', 'secret.txt')
    rmSync(outside, { force: true })
    symlinkSync('/etc/passwd', join(root, 'link-out'))
    const attempts = [
      `/file/${dataset.id}/..%2F..%2Fetc%2Fpasswd`,
      `/file/${dataset.id}/%2e%2e/%2e%2e/etc/passwd`,
      `/file/${dataset.id}/video/..%2f..%2f..%2fetc%2fpasswd`,
      `/file/${dataset.id}/%2Fetc%2Fpasswd`,
      `/file/${dataset.id}/link-out`,
      `/file/${dataset.id}/../../../etc/passwd`,
      `/file/${dataset.id}/video/../../../../etc/passwd`
    ]
    for (const attempt of attempts) {
      expect(await rawGet(`/media${attempt}?token=${host.token}`), attempt).toBe(403)
    }
    expect(await rawGet(`/../../etc/passwd`)).toBe(403)
    expect(existsSync(outside)).toBe(false)
  })

  it('gives a clear error for a folder with no recognisable layout', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'avsal-nolayout-'))
    await expect(apiCall(host, 'openDataset', empty)).rejects.toMatchObject({ code: 'no-layout' })
    await expect(apiCall(host, 'openDataset', join(empty, 'missing'))).rejects.toMatchObject({ code: 'not-found' })
    rmSync(empty, { recursive: true, force: true })
  })
})
