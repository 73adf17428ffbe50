// The heard player's difference timelines: per frame, each condition's mean |map − real map| or
// CC with real's map, one line per condition (coloured as in the report's order), the playhead,
// and ticks at the frames N / Shift+N visit. Created once per canvas; data, playhead and ticks
// change in place followed by update('none'). Click/drag to seek as in the metric timelines.
import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset, type Plugin } from 'chart.js'
import type { MapDifferenceSeries } from '../../../shared/reports'
import { gapThreshold, runColor, seriesPoints, type FramePoint } from './metricChart'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Decimation)

export type DifferenceKind = 'meanAbsDiff' | 'cc'
export type DifferenceChart = Chart<'line', FramePoint[]>

/** What the chart's plugin reads at every draw. */
export interface DifferenceMarks {
  frame: number
  peaks: readonly number[]
}

const COLORS = { text: '#8b949e', grid: 'rgba(139, 148, 158, 0.15)', playhead: '#f0f3f6', peak: 'rgba(210, 153, 34, 0.85)' }

export const DIFFERENCE_TITLES: Record<DifferenceKind, string> = {
  meanAbsDiff: 'mean |Δ| vs real',
  cc: 'CC with real'
}

/** "2.2e-6", "0.0123", "1.000": small differences stay readable. */
export function formatDifference(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  const a = Math.abs(value)
  if (a < 1e-3) return value.toExponential(1)
  if (a < 0.1) return value.toFixed(4)
  return value.toFixed(3)
}

/**
 * Tick label of an axis whose ticks are `step` apart: enough decimals to tell neighbours apart
 * (CC of 0.9999990 vs 0.9999995), exponent notation when every tick is below 1e-3.
 */
export function formatTick(value: number, step: number, largest: number): string {
  if (!Number.isFinite(value)) return ''
  if (value === 0) return '0'
  if (largest < 1e-3) return value.toExponential(1)
  const decimals = step > 0 && Number.isFinite(step) ? Math.min(8, Math.max(0, Math.ceil(-Math.log10(step)))) : 3
  return value.toFixed(decimals)
}

/** Colour of a condition: its place among the study's conditions (real, the first, is never drawn). */
export function conditionColor(conditions: readonly string[], condition: string): string {
  return runColor(Math.max(0, conditions.indexOf(condition)))
}

function marksPlugin(marks: DifferenceMarks): Plugin<'line'> {
  return {
    id: 'avsalDifferenceMarks',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart
      ctx.save()
      ctx.strokeStyle = COLORS.peak
      ctx.lineWidth = 1
      for (const p of marks.peaks) {
        const x = scales.x.getPixelForValue(p)
        if (!Number.isFinite(x) || x < chartArea.left - 0.5 || x > chartArea.right + 0.5) continue
        ctx.beginPath()
        ctx.moveTo(Math.round(x) + 0.5, chartArea.top)
        ctx.lineTo(Math.round(x) + 0.5, chartArea.top + 6)
        ctx.stroke()
      }
      const x = scales.x.getPixelForValue(marks.frame)
      if (Number.isFinite(x) && x >= chartArea.left - 0.5 && x <= chartArea.right + 0.5) {
        ctx.strokeStyle = COLORS.playhead
        ctx.beginPath()
        ctx.moveTo(Math.round(x) + 0.5, chartArea.top)
        ctx.lineTo(Math.round(x) + 0.5, chartArea.bottom)
        ctx.stroke()
      }
      ctx.restore()
    }
  }
}

/** One dataset per condition other than real that has this series. */
export function differenceDatasets(
  series: MapDifferenceSeries['series'],
  conditions: readonly string[],
  kind: DifferenceKind,
  frameCount: number
): ChartDataset<'line', FramePoint[]>[] {
  return conditions
    .filter((c) => c !== 'real' && series[c])
    .map((c) => {
      const color = conditionColor(conditions, c)
      return {
        label: c,
        data: seriesPoints(series[c][kind]),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 3,
        spanGaps: gapThreshold(frameCount),
        indexAxis: 'x' as const
      }
    })
}

export function createDifferenceChart(canvas: HTMLCanvasElement, kind: DifferenceKind, marks: DifferenceMarks): DifferenceChart {
  return new Chart<'line', FramePoint[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [marksPlugin(marks)],
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, ticks: { color: COLORS.text, precision: 0, maxTicksLimit: 12 }, grid: { color: COLORS.grid } },
        y: {
          type: 'linear',
          afterFit: (scale) => {
            scale.width = 84
          },
          title: { display: true, text: DIFFERENCE_TITLES[kind], color: COLORS.text },
          ticks: {
            color: COLORS.text,
            maxTicksLimit: 4,
            callback: (value, _index, ticks) => {
              const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : Number.NaN
              const largest = ticks.reduce((m, t) => Math.max(m, Math.abs(t.value)), 0)
              return formatTick(Number(value), step, largest)
            }
          },
          grid: { color: COLORS.grid }
        }
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { position: 'right', align: 'start', labels: { color: COLORS.text, boxWidth: 10, boxHeight: 2, font: { size: 11 } } },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `frame ${items[0].parsed.x}` : ''),
            label: (item) => `${item.dataset.label}: ${item.parsed.y === null ? '–' : formatDifference(item.parsed.y)}`
          }
        }
      }
    }
  })
}

export function setDifferenceData(
  chart: DifferenceChart,
  series: MapDifferenceSeries['series'],
  conditions: readonly string[],
  kind: DifferenceKind,
  frameCount: number,
  /** the frames the study computed (the x axis spans them); null: the whole video */
  range: { first: number; last: number } | null
): void {
  chart.data.datasets = differenceDatasets(series, conditions, kind, frameCount)
  const x = chart.options.scales?.x
  if (x) {
    const last = Math.max(1, frameCount - 1)
    x.min = range ? Math.min(range.first, last - 1) : 0
    x.max = range ? Math.max((x.min as number) + 1, Math.min(range.last, last)) : last
  }
  chart.update('none')
}
