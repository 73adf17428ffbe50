// Opening (indexing) a 1000-video dataset skeleton: layout detection + per-video scan + catalog
// write to SQLite, the same path `avsal open` takes. The skeleton is generated here.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppService } from '../src/main/app/service'
import { makeSkeleton } from '../tests/fixtures/datasets/makeSkeleton'
import { round } from './common'

export interface IndexingResult {
  videos: number
  framesPerVideo: number
  filesOnDisk: number
  generateSeconds: number
  openSeconds: number
  reopenSeconds: number
}

export async function benchIndexing(videos: number, framesPerVideo = 100): Promise<IndexingResult> {
  let t = performance.now()
  const skeleton = makeSkeleton(videos, { frames: framesPerVideo })
  const generateSeconds = (performance.now() - t) / 1000
  const dataDir = mkdtempSync(join(tmpdir(), 'avsal-bench-index-'))
  const service = new AppService({ dataDir, host: 'browser', version: 'bench' })
  try {
    t = performance.now()
    const dataset = await service.openDataset(skeleton.root)
    const openSeconds = (performance.now() - t) / 1000
    if (dataset.videoCount !== videos) throw new Error(`indexed ${dataset.videoCount} of ${videos} videos`)
    t = performance.now()
    await service.openDataset(skeleton.root)
    const reopenSeconds = (performance.now() - t) / 1000
    return {
      videos,
      framesPerVideo,
      filesOnDisk: skeleton.filesWritten,
      generateSeconds: round(generateSeconds),
      openSeconds: round(openSeconds, 3),
      reopenSeconds: round(reopenSeconds, 3)
    }
  } finally {
    service.close()
    skeleton.remove()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
