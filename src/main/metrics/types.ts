// Map types shared by every metric. Maps are row-major: value (row r, column c) is data[r * width + c].

/** A saliency map (prediction, continuous GT, baseline): real values, any scale. */
export interface SalMap {
  width: number
  height: number
  data: Float64Array
}

/**
 * A fixation map: a pixel with a value > 0 is fixated (MIT `F > 0`). Values may be counts;
 * every metric here collapses them to "fixated or not", except the exact-ROC sAUC option,
 * which weights other-frame locations by their count.
 */
export interface FixationMap {
  width: number
  height: number
  data: Float64Array | Uint8Array | Uint8ClampedArray
}

/** The six metrics the workstation reports per frame (names as in the published tables). */
export type MetricName = 'AUC_Judd' | 'sAUC' | 'NSS' | 'CC' | 'SIM' | 'KLD'

export const METRIC_NAMES: readonly MetricName[] = ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD']

/** MATLAB `eps` (2^-52), used where the MIT code adds eps. */
export const MATLAB_EPS = 2 ** -52
