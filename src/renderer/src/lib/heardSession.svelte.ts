// The heard side-by-side player of one audio-swap study on the video on screen: the viewer's
// panels are replaced by one per source (GT, visual-only model, each condition), all painted by
// the one player, so they are frame-locked by construction. Each source with audio has an
// <audio> element (registered by the view) that follows the playhead; solo/mute per panel
// decide which of them sound. A cycles the focused panel's condition (the playhead stays),
// Shift+A solos it, N / Shift+N jump between the frames where the conditions differ most.
import type { AudioSwapReport, MapDifferenceSeries } from '../../../shared/reports'
import type { AppState } from './appState.svelte'
import { audibleSources, initialAudition, isAudible, isMuted, toggleMute, toggleSolo, type Audition } from './audition'
import { combinedDifference, differencePeaks, nextDifferenceFrame, peakLimit } from './differenceFrames'
import { heardSources, nextCondition, studyHasVideo, type HeardSource } from './heardSources'
import { trackCommand } from './heardTracks'
import type { StudyAction } from './keymap'
import { differenceScale } from './mapDiff'
import type { PanelState } from './panelState.svelte'
import { PAUSED, type TransportState } from './playback'

export type ScaleMode = 'video' | 'full'

export class HeardSession {
  readonly report: AudioSwapReport
  /** the study run's label in the log */
  readonly label: string
  videoId = $state(0)
  videoName = $state('')
  sources = $state.raw<HeardSource[]>([])
  /** panel id → source key */
  bindings = $state.raw<Record<number, string>>({})
  audition = $state.raw<Audition>({ solo: null, muted: [] })
  focusedPanelId = $state<number | null>(null)
  /** per-frame distances of each condition from real, for this video */
  differences = $state.raw<MapDifferenceSeries | null>(null)
  /** the frames N / Shift+N visit (see differenceFrames.ts) */
  peaks = $state.raw<number[]>([])
  scaleMode = $state<ScaleMode>('video')
  /** what the last key did, or why it did nothing */
  message = $state<string | null>(null)
  /** why a track does not play (autoplay policy, undecodable file) */
  audioProblem = $state<string | null>(null)

  private readonly app: AppState
  private readonly elements = new Map<string, HTMLAudioElement>()
  private saved: PanelState[] = []
  private lastTime = 0
  private lastTransport: TransportState = PAUSED
  private differencesToken = 0

  constructor(app: AppState, report: AudioSwapReport, label: string) {
    this.app = app
    this.report = report
    this.label = label
  }

  private get player() {
    return this.app.player
  }

  /** Map units at the top of the difference colour bar for this video. */
  get scale(): number {
    const video = this.report.videos.find((v) => v.videoId === this.videoId)
    const maxima = video ? Object.values(video.mapDifference).map((d) => d.maxAbsDiff) : []
    return differenceScale(maxima, this.scaleMode)
  }

  /** True when the video on screen is one the study computed. */
  covers(videoId: number): boolean {
    return studyHasVideo(this.report, videoId)
  }

  /** Lays out one panel per source for the video on screen (one of the study's) and starts following the playhead. */
  bind(): void {
    const player = this.player
    const video = player.video
    if (!video || !this.covers(video.id)) return
    const sources = heardSources(this.report, video, player.layers)
    if (this.saved.length === 0) this.saved = player.panels
    const panels = player.replacePanels(sources.map((s) => s.layerId))
    const bindings: Record<number, string> = {}
    panels.forEach((p, i) => (bindings[p.id] = sources[i].key))
    const real = panels[sources.findIndex((s) => s.key === 'real')] ?? panels[0]
    this.videoId = video.id
    this.videoName = video.name
    this.sources = sources
    this.bindings = bindings
    this.audition = initialAudition(panels.map((p) => p.id), real?.id ?? null)
    this.focusedPanelId = real?.id ?? null
    this.message = null
    this.audioProblem = null
    player.setAudioFollower((time, transport) => this.follow(time, transport))
    void this.loadDifferences(video.id, video.fps)
  }

  /** Puts the viewer's own panels back and silences every track. */
  close(): void {
    this.player.setAudioFollower(null)
    for (const el of this.elements.values()) el.pause()
    this.player.restorePanels(this.saved)
    this.saved = []
  }

  private async loadDifferences(videoId: number, fps: number): Promise<void> {
    const token = ++this.differencesToken
    this.differences = null
    this.peaks = []
    try {
      const series = await this.app.bridge.call('mapDifferences', this.report.runId, videoId)
      if (token !== this.differencesToken) return
      this.differences = series
      const combined = combinedDifference(series.series)
      const computed = combined.filter((v) => v !== null).length
      this.peaks = differencePeaks(combined, peakLimit(computed, fps))
    } catch (err) {
      this.app.reportError(`Reading the map differences of study ${this.report.runId.slice(0, 8)}`, err)
    }
  }

  sourceOf(panelId: number): HeardSource | undefined {
    const key = this.bindings[panelId]
    return this.sources.find((s) => s.key === key)
  }

  /** 1-based position of a panel, for messages. */
  private panelNumber(panelId: number): number {
    return this.player.panels.findIndex((p) => p.id === panelId) + 1
  }

  focus(panelId: number): void {
    this.focusedPanelId = panelId
  }

  isMuted(panelId: number): boolean {
    return isMuted(this.audition, panelId)
  }

  isSoloed(panelId: number): boolean {
    return this.audition.solo === panelId
  }

  /** The panel would sound during playback: audible and its source has audio. */
  isHeard(panelId: number): boolean {
    return !!this.sourceOf(panelId)?.audioRoute && isAudible(this.audition, panelId)
  }

  toggleSolo(panelId: number): void {
    this.audition = toggleSolo(this.audition, panelId)
    this.reconcile()
  }

  toggleMute(panelId: number): void {
    this.audition = toggleMute(this.audition, panelId)
    this.reconcile()
  }

  /** The layer of the real condition for this video (what difference views subtract). */
  get realLayerId(): string | null {
    return this.sources.find((s) => s.key === 'real')?.layerId ?? null
  }

  /** A panel can show |map − real| when it shows a prediction other than real's. */
  canDiff(panelId: number): boolean {
    const source = this.sourceOf(panelId)
    return !!source && source.kind !== 'gt' && source.key !== 'real' && !!source.layerId && !!this.realLayerId
  }

  toggleDifference(panelId: number): void {
    const panel = this.player.panels.find((p) => p.id === panelId)
    if (!panel) return
    if (panel.diffLayerId !== null || !this.canDiff(panelId)) {
      panel.diffLayerId = null
      return
    }
    panel.diffScale = this.scale
    panel.diffLayerId = this.realLayerId
  }

  /** Difference view on (or off) in every panel that can show one. */
  setAllDifferences(on: boolean): void {
    for (const panel of this.player.panels) {
      const wanted = on && this.canDiff(panel.id)
      if (wanted !== (panel.diffLayerId !== null)) this.toggleDifference(panel.id)
    }
  }

  setScaleMode(mode: ScaleMode): void {
    this.scaleMode = mode
    const scale = this.scale
    for (const panel of this.player.panels) if (panel.diffLayerId !== null) panel.diffScale = scale
  }

  perform(action: StudyAction): void {
    switch (action.type) {
      case 'cycle-condition': this.cycleFocused(); break
      case 'audition': this.auditionFocused(); break
      case 'difference-frame': this.jump(action.direction); break
    }
  }

  /** A: the focused panel shows the next condition (its audio with it); the playhead stays. */
  cycleFocused(): void {
    const id = this.focusedPanelId
    const panel = this.player.panels.find((p) => p.id === id)
    const source = id !== null ? this.sourceOf(id) : undefined
    if (!panel || !source || source.kind !== 'condition' || id === null) {
      this.message = 'A cycles the audio condition of a condition panel: click one to focus it'
      return
    }
    const next = this.sources.find((s) => s.key === nextCondition(this.report.conditions, source.key))
    if (!next) return
    panel.layerId = next.layerId
    if (panel.diffLayerId !== null) panel.diffLayerId = next.key === 'real' ? null : this.realLayerId
    this.bindings = { ...this.bindings, [id]: next.key }
    this.message = `panel ${this.panelNumber(id)} now shows and plays ${next.label}`
    this.reconcile()
  }

  /** Shift+A: solo the focused panel (again: un-solo). */
  auditionFocused(): void {
    const id = this.focusedPanelId
    if (id === null) return
    this.toggleSolo(id)
    const source = this.sourceOf(id)
    this.message =
      this.audition.solo === id
        ? `auditioning panel ${this.panelNumber(id)} (${source?.label ?? ''})${source?.audioRoute ? '' : ': it hears nothing'}`
        : 'solo off'
  }

  /** N / Shift+N: the next / previous frame where the conditions differ most. */
  jump(direction: 1 | -1): void {
    if (!this.differences) {
      this.message = 'reading the map differences …'
      return
    }
    const target = nextDifferenceFrame(this.peaks, this.player.frame, direction)
    if (!target) {
      this.message = 'the maps are identical under every condition: no frame differs'
      return
    }
    this.player.perform({ type: 'pause' })
    this.player.seek(target.frame)
    this.message = `frame ${target.frame}: a peak of the summed |Δ| vs real${target.wrapped ? ' (wrapped round)' : ''}`
  }

  registerAudio(key: string, element: HTMLAudioElement): () => void {
    this.elements.set(key, element)
    element.addEventListener('error', () => {
      this.audioProblem = `the ${key} track does not play: ${element.error?.message || `media error ${element.error?.code ?? ''}`}`
    })
    this.reconcile()
    return () => {
      element.pause()
      if (this.elements.get(key) === element) this.elements.delete(key)
    }
  }

  /** Applies the last playhead to the tracks again (after a solo, mute or condition change). */
  private reconcile(): void {
    this.follow(this.lastTime, this.player.transport.playing ? this.lastTransport : this.player.transport)
  }

  /** The player's audio follower: every track to where the playhead is, sounding or not. */
  follow(time: number, transport: TransportState): void {
    this.lastTime = time
    this.lastTransport = transport
    const panels = this.player.panels.map((p) => {
      const source = this.sourceOf(p.id)
      return { id: p.id, source: source?.audioRoute ? source.key : null }
    })
    const audible = audibleSources(this.audition, panels)
    for (const [key, el] of this.elements) {
      const cmd = trackCommand({ paused: el.paused, currentTime: el.currentTime, duration: el.duration }, audible.has(key), time, transport)
      el.muted = cmd.muted
      if (el.playbackRate !== cmd.playbackRate) el.playbackRate = cmd.playbackRate
      if (cmd.seekTo !== null) el.currentTime = cmd.seekTo
      if (cmd.action === 'pause') el.pause()
      if (cmd.action === 'play') {
        el.play().then(
          () => {
            if (this.audioProblem?.includes('autoplay')) this.audioProblem = null
          },
          (err: unknown) => {
            if (err instanceof DOMException && err.name === 'AbortError') return
            this.audioProblem = `the ${key} track does not play (autoplay policy or decoding): ${err instanceof Error ? err.message : String(err)}`
          }
        )
      }
    }
  }
}
