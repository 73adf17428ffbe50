// How metrics are named, ordered and compared in the UI and in exported tables.
import { LOWER_IS_BETTER, type MetricKey } from '../../../shared/types'

/** Column order of the thesis tables (CC, sAUC, AUC, NSS, SIM), with KLD last. */
export const METRIC_DISPLAY_ORDER: readonly MetricKey[] = ['CC', 'sAUC', 'AUC_Judd', 'NSS', 'SIM', 'KLD']

export function lowerIsBetter(metric: MetricKey): boolean {
  return LOWER_IS_BETTER.has(metric)
}

/** "CC ↑", "KLD ↓": the header text with the direction of "better". */
export function metricHeading(metric: MetricKey): string {
  return `${metric} ${lowerIsBetter(metric) ? '↓' : '↑'}`
}

/** The given metrics in display order (unknown order kept at the end). */
export function inDisplayOrder(metrics: Iterable<MetricKey>): MetricKey[] {
  const set = new Set(metrics)
  return METRIC_DISPLAY_ORDER.filter((m) => set.has(m))
}

/** "0.512" with `decimals` places; '' for a missing or non-finite value; never "-0.000". */
export function formatMetricValue(value: number | null | undefined, decimals = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return ''
  const text = value.toFixed(decimals)
  return Number(text) === 0 ? (0).toFixed(decimals) : text
}
