// One chart.js line chart of a metric over the frames of a video, with a playhead line the
// player moves and click/drag-to-seek. Created once per canvas; data and playhead change in
// place followed by update('none'), so playback never rebuilds the chart.
import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin
} from 'chart.js'
import type { FrameMetricSeries, MetricKey } from '../../../shared/types'
import { frameAtValue, gapThreshold, seriesLegendLabels, seriesPoints, seriesStyles, type FramePoint } from './metricChart'
import { metricHeading } from './metricNames'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Decimation)

export type MetricLineChart = Chart<'line', FramePoint[]>

/** The frame the playhead stands on; the plugin reads it at every draw. */
export interface Playhead {
  frame: number
}

const Y_AXIS_WIDTH = 56

const COLORS = {
  text: '#8b949e',
  grid: 'rgba(139, 148, 158, 0.15)',
  playhead: '#f0f3f6'
}

function playheadPlugin(playhead: Playhead): Plugin<'line'> {
  return {
    id: 'avsalPlayhead',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart
      const x = scales.x.getPixelForValue(playhead.frame)
      if (!Number.isFinite(x) || x < chartArea.left - 0.5 || x > chartArea.right + 0.5) return
      ctx.save()
      ctx.strokeStyle = COLORS.playhead
      ctx.lineWidth = 1
      ctx.beginPath()
      ctx.moveTo(Math.round(x) + 0.5, chartArea.top)
      ctx.lineTo(Math.round(x) + 0.5, chartArea.bottom)
      ctx.stroke()
      ctx.restore()
    }
  }
}

/**
 * One dataset per series (run × audio condition) that has this metric: coloured by run, dashed
 * by the run's further conditions, labelled with the condition.
 */
export function metricDatasets(series: readonly FrameMetricSeries[], metric: MetricKey, frameCount: number): ChartDataset<'line', FramePoint[]>[] {
  const labels = seriesLegendLabels(series)
  const styles = seriesStyles(series)
  return series.flatMap((s, index) => {
    const values = s.series[metric]
    if (!values) return []
    const { color, dash } = styles[index]
    return [
      {
        label: labels[index],
        data: seriesPoints(values),
        borderColor: color,
        backgroundColor: color,
        borderDash: dash,
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 3,
        spanGaps: gapThreshold(frameCount),
        indexAxis: 'x' as const
      }
    ]
  })
}

export function createMetricLineChart(canvas: HTMLCanvasElement, metric: MetricKey, playhead: Playhead): MetricLineChart {
  return new Chart<'line', FramePoint[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [playheadPlugin(playhead)],
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          ticks: { color: COLORS.text, precision: 0, maxTicksLimit: 12 },
          grid: { color: COLORS.grid }
        },
        y: {
          type: 'linear',
          // one fixed width, so the frame axes of stacked charts line up
          afterFit: (scale) => {
            scale.width = Y_AXIS_WIDTH
          },
          title: { display: true, text: metricHeading(metric), color: COLORS.text },
          // 3 significant decimals: a flat series (CC ≡ 1 ± 1e-7) must not print 1.0000002
          ticks: { color: COLORS.text, maxTicksLimit: 5, callback: (value) => Number(value).toFixed(3) },
          grid: { color: COLORS.grid }
        }
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { position: 'right', align: 'start', labels: { color: COLORS.text, boxWidth: 10, boxHeight: 2, font: { size: 11 } } },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `frame ${items[0].parsed.x}` : ''),
            label: (item) => `${item.dataset.label}: ${item.parsed.y === null ? '–' : item.parsed.y.toFixed(3)}`
          }
        }
      }
    }
  })
}

/** Puts a video's series into the chart (x axis spanning all its frames) and redraws. */
export function setMetricData(chart: MetricLineChart, series: readonly FrameMetricSeries[], metric: MetricKey, frameCount: number): void {
  chart.data.datasets = metricDatasets(series, metric, frameCount)
  const x = chart.options.scales?.x
  if (x) x.max = Math.max(1, frameCount - 1)
  chart.update('none')
}

/**
 * The frame under a pointer at canvas offset (offsetX, offsetY), or null when the pointer is
 * outside the plot area (on the legend or the axes labels).
 */
export function frameAtPointer(chart: MetricLineChart, offsetX: number, offsetY: number, frameCount: number): number | null {
  const area = chart.chartArea
  if (!area || offsetY < area.top || offsetY > area.bottom || offsetX < area.left - 4 || offsetX > area.right + 4) return null
  const x = Math.min(area.right, Math.max(area.left, offsetX))
  return frameAtValue(chart.scales.x.getValueForPixel(x) ?? Number.NaN, frameCount)
}
