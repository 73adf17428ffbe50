// What made a prediction layer, in one line for its tooltip: "vinet · audio zero · weights
// 3fa2b1c0 · run 5e0c9a7d". Folders added by hand and the GT have no provenance.
import type { LayerInfo } from '../../../shared/types'
import { conditionText, shaPrefix } from './runView'

export function provenanceText(provenance: LayerInfo['provenance']): string {
  if (!provenance) return ''
  const parts: string[] = []
  if (provenance.model) parts.push(provenance.model)
  const condition = conditionText(provenance.audioCondition)
  // a model without an audio condition is visual-only
  if (condition) parts.push(`audio ${condition}`)
  else if (provenance.audioCondition === 'none') parts.push('visual only')
  const sha = shaPrefix(provenance.weightsSha256)
  if (sha) parts.push(`weights ${sha}`)
  if (provenance.runId) parts.push(`run ${provenance.runId.slice(0, 8)}`)
  return parts.join(' · ')
}

/** Tooltip of a layer: its label, what made it, and its folder. */
export function layerTooltip(layer: Pick<LayerInfo, 'label' | 'kind' | 'provenance' | 'dir'>): string {
  const origin = provenanceText(layer.provenance)
  const lines = [layer.label]
  if (origin) lines.push(origin)
  else if (layer.kind === 'prediction') lines.push('added by hand (no run recorded)')
  if (layer.dir) lines.push(layer.dir)
  return lines.join('\n')
}
