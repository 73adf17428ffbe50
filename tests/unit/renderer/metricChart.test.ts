import { describe, expect, it } from 'vitest'
import type { FrameMetricSeries } from '../../../src/shared/types'
import { availableMetrics, frameAtValue, gapThreshold, runColor, runLegendLabels, seriesPoints } from '../../../src/renderer/src/lib/metricChart'
import { metricDatasets } from '../../../src/renderer/src/lib/metricLineChart'
import { formatMetricValue, inDisplayOrder, metricHeading } from '../../../src/renderer/src/lib/metricNames'

const series: FrameMetricSeries[] = [
  { runId: 'run-aaaaaa1', label: 'GT', videoId: 1, series: { CC: [1, 1, null, 1], NSS: [3, 4, 5, 6] } },
  { runId: 'run-bbbbbb2', label: 'GT', videoId: 1, series: { CC: [0.5, null, null, 0.4], KLD: [null, null, null, null] } }
]

describe('metric timeline data', () => {
  it('turns a series into sorted {x: frame, y} points without the unscored frames', () => {
    expect(seriesPoints([0.5, null, 0.7, Number.NaN, 0.1])).toEqual([
      { x: 0, y: 0.5 },
      { x: 2, y: 0.7 },
      { x: 4, y: 0.1 }
    ])
  })

  it('bridges neighbouring frames only, more on long (decimated) videos', () => {
    expect(gapThreshold(54)).toBe(1.5)
    expect(gapThreshold(783)).toBeCloseTo(7.83)
  })

  it('lists only metrics with a score, in display order', () => {
    expect(availableMetrics(series)).toEqual(['CC', 'NSS'])
    expect(availableMetrics([])).toEqual([])
  })

  it('maps an axis value to a frame inside the video', () => {
    expect(frameAtValue(12.4, 54)).toBe(12)
    expect(frameAtValue(-3, 54)).toBe(0)
    expect(frameAtValue(99, 54)).toBe(53)
    expect(frameAtValue(Number.NaN, 54)).toBeNull()
    expect(frameAtValue(3, 0)).toBeNull()
  })

  it('keeps legend labels apart when two runs share a label', () => {
    expect(runLegendLabels(series)).toEqual(['GT (run-aa)', 'GT (run-bb)'])
    expect(runLegendLabels([{ runId: 'x', label: 'A' }, { runId: 'y', label: 'B' }])).toEqual(['A', 'B'])
    expect(runColor(0)).not.toBe(runColor(1))
    expect(runColor(8)).toBe(runColor(0))
  })

  it('makes one chart dataset per run that scored the metric, coloured by run', () => {
    const cc = metricDatasets(series, 'CC', 4)
    expect(cc.map((d) => d.label)).toEqual(['GT (run-aa)', 'GT (run-bb)'])
    expect(cc[1].data).toEqual([
      { x: 0, y: 0.5 },
      { x: 3, y: 0.4 }
    ])
    expect(cc[0].borderColor).toBe(runColor(0))
    expect(cc[0].spanGaps).toBe(1.5)
    const nss = metricDatasets(series, 'NSS', 4)
    expect(nss.map((d) => d.label)).toEqual(['GT (run-aa)'])
  })
})

describe('metric names', () => {
  it('says which way is better and prints values without negative zero', () => {
    expect(metricHeading('CC')).toBe('CC ↑')
    expect(metricHeading('KLD')).toBe('KLD ↓')
    expect(inDisplayOrder(['KLD', 'NSS', 'CC', 'AUC_Judd'])).toEqual(['CC', 'AUC_Judd', 'NSS', 'KLD'])
    expect(formatMetricValue(-0.0001)).toBe('0.000')
    expect(formatMetricValue(null)).toBe('')
    expect(formatMetricValue(Number.POSITIVE_INFINITY)).toBe('')
    expect(formatMetricValue(3.14159, 2)).toBe('3.14')
  })
})
