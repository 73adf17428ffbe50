// The headless host on the real DHF1K sample in ../shared/data: the XviD video with raw gaze
// exports (fixations and blurred maps made from them).
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { DatasetRecord, FramePayload, LayerInfo, VideoSummary } from '../../src/shared/types'
import { dataPath, describeWithData } from '../support/sharedData'
import { apiCall, startHost, type RunningHost } from './support/host'

describeWithData('dhf1k-sample', 'real data through the headless host', () => {
  let host: RunningHost
  beforeAll(async () => {
    host = await startHost()
  })
  afterAll(async () => {
    await host?.stop()
  })

  it('DHF1K 002.AVI: 783 frames decoded by ffmpeg, fixations and maps from the 17 raw gaze exports', async () => {
    const dataset = await apiCall<DatasetRecord>(host, 'openDataset', dataPath('dhf1k-sample'))
    expect(dataset.layout).toBe('dhf1k')
    const [video] = await apiCall<VideoSummary[]>(host, 'listVideos', dataset.id)
    expect(video.frameCount).toBe(783)
    expect(video.fixationKind).toBe('gaze')
    const frame = await apiCall<FramePayload>(host, 'getFrame', video.id, 300)
    expect(frame.fixations.length).toBeGreaterThan(3)
    expect(frame.fixations.length).toBeLessThanOrEqual(17)
    for (const p of frame.fixations) {
      expect(p.x).toBeGreaterThanOrEqual(0)
      expect(p.x).toBeLessThan(640)
      expect(p.y).toBeGreaterThanOrEqual(0)
      expect(p.y).toBeLessThan(360)
    }
    const layers = await apiCall<LayerInfo[]>(host, 'listLayers', video.id)
    expect(layers.find((l) => l.id === 'gt')?.label).toMatch(/raw gaze/)
    const mapRes = await fetch(`${host.url}/media/map/${video.id}/gt/300?token=${host.token}`)
    expect(mapRes.status).toBe(200)
    const map = PNG.sync.read(Buffer.from(await mapRes.arrayBuffer()))
    expect([map.width, map.height]).toEqual([640, 360])
    // the map peaks (255) near a fixation
    const peak = map.data.reduce((m, v, i) => (i % 4 === 0 && v > m ? v : m), 0)
    expect(peak).toBe(255)
    const frameRes = await fetch(`${host.url}/media/frame/${video.id}/782?token=${host.token}`)
    expect(frameRes.status).toBe(200)
    const last = jpeg.decode(new Uint8Array(await frameRes.arrayBuffer()))
    expect([last.width, last.height]).toEqual([640, 360])
  })
})
