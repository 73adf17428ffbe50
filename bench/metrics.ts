// All six metrics on one 360×640 frame with 17 fixations on one core, against the memory
// floor: a plain typed-array loop that reads the prediction, GT and fixation maps once.
import { evaluateFrame, Rng, type FixationMap, type SalMap } from '../src/main/metrics'
import { percentile, round } from './common'

const W = 640
const H = 360

function gaussianMap(cx: number, cy: number, sigma: number, seed: number): SalMap {
  const rng = new Rng(seed)
  const data = new Float64Array(W * H)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      data[y * W + x] = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma)) + 0.05 * rng.nextFloat()
    }
  }
  return { width: W, height: H, data }
}

function fixations(count: number, seed: number): FixationMap {
  const rng = new Rng(seed)
  const data = new Uint8Array(W * H)
  for (let k = 0; k < count; k++) data[Math.floor(H / 2 + 60 * (rng.nextFloat() - 0.5)) * W + Math.floor(W / 2 + 120 * (rng.nextFloat() - 0.5))] = 1
  return { width: W, height: H, data }
}

export interface MetricsBenchResult {
  frame: string
  fixations: number
  otherFixations: number
  msPerFrameP50: number
  msPerFrameP95: number
  floorMsPerFrame: number
  ratioToFloor: number
}

export async function benchMetrics(iterations = 60): Promise<MetricsBenchResult> {
  const pred = gaussianMap(300, 170, 60, 1)
  const gt = gaussianMap(320, 180, 40, 2)
  const fix = fixations(17, 3)
  const other = fixations(300, 4)
  const times: number[] = []
  for (let i = 0; i < iterations + 5; i++) {
    const t = performance.now()
    evaluateFrame(pred, gt, fix, other, { rng: new Rng(i) })
    if (i >= 5) times.push(performance.now() - t)
  }
  // memory floor: one pass over the three maps (what any metric must at least read)
  const floor: number[] = []
  let sink = 0
  for (let i = 0; i < iterations + 5; i++) {
    const t = performance.now()
    let s = 0
    const p = pred.data
    const g = gt.data
    const f = fix.data
    for (let k = 0; k < p.length; k++) s += p[k] * g[k] + f[k]
    sink += s
    if (i >= 5) floor.push(performance.now() - t)
  }
  if (sink === 42) console.log('') // keep the loop alive
  const p50 = percentile(times, 50)
  const floorP50 = percentile(floor, 50)
  return {
    frame: `${H}x${W}`,
    fixations: 17,
    otherFixations: 300,
    msPerFrameP50: round(p50),
    msPerFrameP95: round(percentile(times, 95)),
    floorMsPerFrame: round(floorP50, 3),
    ratioToFloor: round(p50 / floorP50, 1)
  }
}
