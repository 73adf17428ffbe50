// One viewer panel's overlay settings (reactive) and what it last painted.
import type { ColormapName } from './colormaps'
import type { AlphaMode } from './overlay'
import type { OverlayMode, PaintResult, PanelSnapshot } from './painter'

let nextPanelId = 1

export class PanelState {
  readonly id = nextPanelId++
  layerId = $state<string | null>(null)
  colormap = $state<ColormapName>('jet')
  opacity = $state(0.6)
  alphaMode = $state<AlphaMode>('value')
  overlayMode = $state<OverlayMode>('heatmap')
  fixations = $state(false)
  /** show |map − map of this layer| instead of the map (the heard player's difference view) */
  diffLayerId = $state<string | null>(null)
  /** map units at the top of the difference colour bar */
  diffScale = $state(1)
  diffColormap = $state<ColormapName>('inferno')
  /** what the canvas shows now (set in the paint callback) */
  painted = $state.raw<PaintResult | null>(null)

  constructor(layerId: string | null) {
    this.layerId = layerId
  }

  /** Plain copy taken when a frame is requested, so a paint uses the settings it loaded for. */
  snapshot(): PanelSnapshot {
    return {
      panelId: this.id,
      layerId: this.layerId,
      colormap: this.colormap,
      opacity: this.opacity,
      alphaMode: this.alphaMode,
      overlayMode: this.overlayMode,
      fixations: this.fixations,
      diffLayerId: this.diffLayerId,
      diffScale: this.diffScale,
      diffColormap: this.diffColormap
    }
  }

  /** Reads every setting, so an $effect calling this re-runs when any of them changes. */
  settingsKey(): string {
    return `${this.layerId}|${this.colormap}|${this.opacity}|${this.alphaMode}|${this.overlayMode}|${this.fixations}|${this.diffLayerId}|${this.diffScale}|${this.diffColormap}`
  }
}
