import { describe, expect, it } from 'vitest'
import type { FrameMetricSeries } from '../../../src/shared/types'
import {
  availableMetrics,
  frameAtValue,
  gapThreshold,
  runColor,
  seriesKey,
  seriesLegendLabels,
  seriesPoints,
  seriesStyles
} from '../../../src/renderer/src/lib/metricChart'
import { metricDatasets } from '../../../src/renderer/src/lib/metricLineChart'
import { formatMetricValue, inDisplayOrder, metricHeading } from '../../../src/renderer/src/lib/metricNames'

const series: FrameMetricSeries[] = [
  { runId: 'run-aaaaaa1', label: 'GT', videoId: 1, audioCondition: 'none', series: { CC: [1, 1, null, 1], NSS: [3, 4, 5, 6] } },
  { runId: 'run-bbbbbb2', label: 'GT', videoId: 1, audioCondition: 'none', series: { CC: [0.5, null, null, 0.4], KLD: [null, null, null, null] } }
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
    expect(seriesLegendLabels(series)).toEqual(['GT (run-aa)', 'GT (run-bb)'])
    expect(seriesLegendLabels([{ runId: 'x', label: 'A', audioCondition: 'none' }, { runId: 'y', label: 'B', audioCondition: 'none' }])).toEqual(['A', 'B'])
    expect(runColor(0)).not.toBe(runColor(1))
    expect(runColor(8)).toBe(runColor(0))
  })

  it('keys series by run and audio condition, and names the condition in the legend', () => {
    const zero = { runId: 'run-av1', label: 'AViNet', audioCondition: 'zero' }
    const real = { runId: 'run-av1', label: 'AViNet', audioCondition: 'real' }
    expect(seriesKey(zero)).not.toBe(seriesKey(real))
    expect(seriesKey(zero)).toBe(seriesKey({ ...zero }))
    expect(seriesLegendLabels([real, zero])).toEqual(['AViNet · audio real', 'AViNet · audio zero'])
    // the same label and condition from two runs still tells them apart
    const other = { runId: 'run-av2', label: 'AViNet', audioCondition: 'zero' }
    expect(seriesLegendLabels([real, zero, other])).toEqual(['AViNet · audio real', 'AViNet · audio zero (run-av)', 'AViNet · audio zero (run-av)'])
    // one run's conditions share its colour and differ in dash; another run gets the next colour
    const styles = seriesStyles([real, zero, other])
    expect(styles.map((s) => s.color)).toEqual([runColor(0), runColor(0), runColor(1)])
    expect(styles[0].dash).toEqual([])
    expect(styles[1].dash.length).toBeGreaterThan(0)
    expect(styles[2].dash).toEqual([])
  })

  it('makes one line per run and condition, both of one run in the run colour', () => {
    const av: FrameMetricSeries[] = [
      { runId: 'run-av1', label: 'AViNet', videoId: 1, audioCondition: 'real', series: { CC: [0.5, 0.6] } },
      { runId: 'run-av1', label: 'AViNet', videoId: 1, audioCondition: 'zero', series: { CC: [0.4, 0.3] } }
    ]
    const cc = metricDatasets(av, 'CC', 2)
    expect(cc.map((d) => d.label)).toEqual(['AViNet · audio real', 'AViNet · audio zero'])
    expect(cc.map((d) => d.borderColor)).toEqual([runColor(0), runColor(0)])
    expect(cc[0].borderDash).not.toEqual(cc[1].borderDash)
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
