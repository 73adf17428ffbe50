// The synchronized multi-panel player: which frame is current, the transport, the panels,
// and the load → paint pipeline that keeps every panel's overlay on its own frame.
import { mediaRoutes, type AvsalBridge } from '../../../shared/api'
import type { FixationPoint, LayerInfo, VideoRecord } from '../../../shared/types'
import { toApiError } from './apiError'
import { mediaUrl } from './bridge'
import { fixationKey, frameKey, KeyedLoader, mapKey, PaintSequencer, parseKey } from './frameSync'
import type { PlayerAction } from './keymap'
import { LruCache } from './lru'
import { loadFrameBitmap, loadGrayMap } from './mediaLoader'
import type { GrayMap } from './overlay'
import { paintPanel, type FrameSet } from './painter'
import { PanelState } from './panelState.svelte'
import {
  audioShouldPlay,
  changeSpeed,
  chooseClock,
  clampFrame,
  framesPerRefresh,
  pause,
  PAUSED,
  prefetchFrames,
  shuttle,
  startWallClock,
  tick,
  timeOfFrame,
  togglePlay,
  wallClockTime,
  type ClockKind,
  type TransportState,
  type WallClock
} from './playback'

const FRAME_CACHE_BYTES = 256 * 1024 * 1024
const MAP_CACHE_ENTRIES = 192
const PREFETCH_PLAYING = 12
const PREFETCH_PAUSED = 16
const PREFETCH_BEHIND = 8
const MAX_IN_FLIGHT = 12
// during playback, at most this many frame requests wait at once: when loading is slower than
// the frame rate the playhead skips frames instead of queueing a backlog it must replay later
const MAX_OUTSTANDING_PLAYING = 2
// audio that wanders further than this from the wall clock (non-1× speeds) is put back
const AUDIO_RESYNC_S = 0.25

export type ErrorSink = (context: string, err: unknown) => void

/**
 * Audio that follows the playhead besides the video's own soundtrack (the heard player's
 * per-panel tracks): told the media time and transport at every tick, on play and on pause.
 */
export type AudioFollower = (time: number, transport: TransportState) => void

/** Every layer a panel needs loaded: its own, and the one its difference view subtracts. */
function panelLayerIds(panels: readonly { layerId: string | null; diffLayerId: string | null }[]): string[] {
  const ids = new Set<string>()
  for (const p of panels) {
    if (p.layerId !== null) ids.add(p.layerId)
    if (p.diffLayerId !== null) ids.add(p.diffLayerId)
  }
  return [...ids]
}

export class Player {
  video = $state.raw<VideoRecord | null>(null)
  layers = $state.raw<LayerInfo[]>([])
  panels = $state.raw<PanelState[]>([])
  /** the current frame: what the transport asked for (panels show it once loaded) */
  frame = $state(0)
  transport = $state.raw<TransportState>(PAUSED)
  clock = $state<ClockKind>('wall')
  /** why audio is not playing along, when it should */
  audioProblem = $state<string | null>(null)
  /** a requested frame has not been painted yet */
  waiting = $state(false)
  /** why GT fixations cannot be drawn for this video (frames still paint without them) */
  fixationProblem = $state<string | null>(null)

  private readonly bridge: AvsalBridge
  private readonly reportError: ErrorSink
  private readonly sequencer = new PaintSequencer()
  private frameLoader: KeyedLoader<ImageBitmap>
  private readonly mapLoader: KeyedLoader<GrayMap | null>
  private readonly fixationLoader: KeyedLoader<FixationPoint[]>
  private readonly canvases = new Map<number, HTMLCanvasElement>()
  private audio: HTMLAudioElement | null = null
  private follower: AudioFollower | null = null
  private audioWorking = false
  private wall: WallClock = startWallClock(0, 1, 0)
  private loopHandle = 0
  private paintHandle = 0
  private pendingPaint: FrameSet | null = null
  private lastErrorText = ''
  private outstanding = 0
  /** bumped per video, so requests of the previous one no longer count as outstanding */
  private generation = 0
  private lastRequested = -1

  constructor(bridge: AvsalBridge, reportError: ErrorSink) {
    this.bridge = bridge
    this.reportError = reportError
    this.frameLoader = this.makeFrameLoader(48)
    this.mapLoader = new KeyedLoader(new LruCache<string, GrayMap | null>(MAP_CACHE_ENTRIES), (key) => {
      const k = parseKey(key)
      if (k.kind !== 'map') throw new Error(`map loader got a ${k.kind} key`)
      return loadGrayMap(mediaUrl(this.bridge, mediaRoutes.map(k.videoId, k.layerId, k.index)))
    })
    this.fixationLoader = new KeyedLoader(new LruCache<string, FixationPoint[]>(256), async (key) => {
      const k = parseKey(key)
      const payload = await this.bridge.call('getFrame', k.videoId, k.index)
      return payload.fixations
    })
  }

  private makeFrameLoader(capacity: number): KeyedLoader<ImageBitmap> {
    const cache = new LruCache<string, ImageBitmap>(capacity, (bitmap) => bitmap.close())
    return new KeyedLoader(cache, (key) => {
      const k = parseKey(key)
      return loadFrameBitmap(mediaUrl(this.bridge, mediaRoutes.frame(k.videoId, k.index)))
    })
  }

  get frameCount(): number {
    return this.video?.frameCount ?? 0
  }

  get fps(): number {
    return this.video?.fps ?? 0
  }

  /** Shows another video: stops playback, drops caches, keeps the panels' styles. */
  load(video: VideoRecord, layers: LayerInfo[]): void {
    this.setTransport(PAUSED)
    this.sequencer.reset()
    this.pendingPaint = null
    this.frameLoader.clear()
    this.mapLoader.clear()
    this.fixationLoader.clear()
    // bound the frame cache by memory: a 1080p RGBA bitmap is ~8 MB
    const capacity = Math.min(96, Math.max(8, Math.floor(FRAME_CACHE_BYTES / Math.max(1, video.width * video.height * 4))))
    this.frameLoader = this.makeFrameLoader(capacity)
    this.lastErrorText = ''
    this.lastRequested = -1
    this.generation += 1
    this.outstanding = 0
    this.audioProblem = null
    this.fixationProblem = null
    this.audioWorking = false
    this.clearCanvases()
    this.video = video
    this.layers = layers
    this.frame = 0
    this.assignDefaultLayers()
    this.request(0)
  }

  /** Clears the viewer (dataset closed or video gone). */
  unload(): void {
    this.setTransport(PAUSED)
    this.sequencer.reset()
    this.generation += 1
    this.outstanding = 0
    this.lastRequested = -1
    this.frameLoader.clear()
    this.mapLoader.clear()
    this.fixationLoader.clear()
    this.video = null
    this.layers = []
  }

  // a new video must not show the old one's last frame under its own header
  private clearCanvases(): void {
    for (const canvas of this.canvases.values()) {
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height)
      canvas.dataset.frame = '-1'
      canvas.dataset.mapFrame = '-1'
      canvas.dataset.layer = 'none'
    }
    for (const panel of this.panels) panel.painted = null
  }

  setLayers(layers: LayerInfo[]): void {
    this.layers = layers
  }

  // default: panel 1 GT, panel 2 the first prediction layer (or the frame alone)
  private assignDefaultLayers(): void {
    const gt = this.layers.find((l) => l.kind === 'gt-map')?.id ?? null
    const prediction = this.layers.find((l) => l.kind === 'prediction')?.id ?? null
    if (this.panels.length === 0) {
      this.panels = [new PanelState(gt), new PanelState(prediction)]
      return
    }
    const ids = new Set(this.layers.map((l) => l.id))
    this.panels.forEach((panel, n) => {
      if (panel.layerId !== null && ids.has(panel.layerId)) return
      panel.layerId = n === 0 ? gt : n === 1 ? prediction : null
    })
  }

  addPanel(layerId: string | null = null): PanelState {
    const used = new Set(this.panels.map((p) => p.layerId))
    const fresh = layerId ?? this.layers.find((l) => !used.has(l.id))?.id ?? null
    const panel = new PanelState(fresh)
    const last = this.panels.at(-1)
    if (last) {
      panel.colormap = last.colormap
      panel.opacity = last.opacity
      panel.alphaMode = last.alphaMode
    }
    this.panels = [...this.panels, panel]
    return panel
  }

  removePanel(id: number): void {
    if (this.panels.length <= 1) return
    this.panels = this.panels.filter((p) => p.id !== id)
    this.canvases.delete(id)
  }

  /** Shows a newly added layer: in the first panel without an overlay, else in a new panel. */
  showLayer(layer: LayerInfo): void {
    const empty = this.panels.find((p) => p.layerId === null)
    if (empty) empty.layerId = layer.id
    else this.addPanel(layer.id)
  }

  attachCanvas(panelId: number, canvas: HTMLCanvasElement): void {
    this.canvases.set(panelId, canvas)
    this.refresh()
  }

  detachCanvas(panelId: number, canvas: HTMLCanvasElement): void {
    if (this.canvases.get(panelId) === canvas) this.canvases.delete(panelId)
  }

  attachAudio(audio: HTMLAudioElement | null): void {
    if (this.audio && this.audio !== audio) this.audio.pause()
    this.audio = audio
  }

  /** Audio that plays along with the playhead (null: none); told where the playhead is at once. */
  setAudioFollower(follower: AudioFollower | null): void {
    this.follower = follower
    follower?.(timeOfFrame(this.frame, this.fps), this.transport)
  }

  /**
   * Puts new panels in place of the current ones (the heard player's layout), styled like the
   * first current panel, and returns them; restorePanels puts the old ones back.
   */
  replacePanels(layerIds: readonly (string | null)[]): PanelState[] {
    const style = this.panels[0]
    const panels = layerIds.map((id) => {
      const panel = new PanelState(id)
      if (style) {
        panel.colormap = style.colormap
        panel.opacity = style.opacity
        panel.alphaMode = style.alphaMode
      }
      return panel
    })
    this.panels = panels
    this.refresh()
    return panels
  }

  restorePanels(panels: readonly PanelState[]): void {
    if (panels.length === 0) return
    const ids = new Set(this.layers.map((l) => l.id))
    for (const panel of panels) {
      if (panel.layerId !== null && !ids.has(panel.layerId)) panel.layerId = null
      panel.diffLayerId = null
      panel.painted = null
    }
    this.panels = [...panels]
    this.refresh()
  }

  /** Repaint the current frame (panel settings changed). */
  refresh(): void {
    if (this.video) this.request(this.frame)
  }

  // ---- loading and painting ------------------------------------------------------------

  private request(index: number): void {
    const video = this.video
    if (!video) return
    const seq = this.sequencer.begin()
    this.lastRequested = index
    this.outstanding += 1
    const panels = this.panels.map((p) => p.snapshot())
    const layerIds = panelLayerIds(panels)
    const wantFixations = panels.some((p) => p.fixations) && video.fixations.kind !== 'none' && !this.fixationProblem
    this.waiting = true
    const generation = this.generation
    Promise.all([
      this.frameLoader.get(frameKey(video.id, index)),
      Promise.all(
        layerIds.map((id) => this.mapLoader.get(mapKey(video.id, id, index)).then((map) => [id, map] as const))
      ),
      wantFixations ? this.loadFixations(video, index) : Promise.resolve(null)
    ])
      .finally(() => {
        if (generation === this.generation) this.outstanding -= 1
      })
      .then(
        ([frame, maps, fixations]) => {
          if (!this.sequencer.shouldPaint(seq)) return
          if (!this.pendingPaint || this.pendingPaint.seq < seq) {
            this.pendingPaint = { seq, videoId: video.id, index, frame, maps: new Map(maps), fixations, panels }
          }
          if (!this.paintHandle) this.paintHandle = requestAnimationFrame(() => this.flushPaint())
        },
        (err: unknown) => {
          // only the frame the user is looking at reports; a stale request's failure is moot
          if (seq !== this.sequencer.latest) return
          this.waiting = false
          const error = toApiError(err)
          const text = `${error.code}:${error.message}`
          if (text === this.lastErrorText) return
          this.lastErrorText = text
          this.reportError(`Loading frame ${index} of ${video.name}`, error)
        }
      )
  }

  // fixations that fail (e.g. raw gaze not imported yet) turn off for this video and get
  // reported once; the frame and its maps still paint
  private loadFixations(video: VideoRecord, index: number): Promise<FixationPoint[] | null> {
    return this.fixationLoader.get(fixationKey(video.id, index)).catch((err: unknown) => {
      if (this.video?.id === video.id && !this.fixationProblem) {
        const error = toApiError(err)
        this.fixationProblem = error.message
        this.reportError(`Loading GT fixations of ${video.name} (frame ${index})`, error)
      }
      return null
    })
  }

  private flushPaint(): void {
    this.paintHandle = 0
    const set = this.pendingPaint
    this.pendingPaint = null
    if (!set || !this.sequencer.shouldPaint(set.seq) || set.videoId !== this.video?.id) return
    if (set.frame.width === 0) {
      // the bitmap was evicted (and closed) before this paint: load it again
      if (set.seq === this.sequencer.latest) this.request(set.index)
      return
    }
    for (const snapshot of set.panels) {
      const canvas = this.canvases.get(snapshot.panelId)
      const panel = this.panels.find((p) => p.id === snapshot.panelId)
      if (!canvas || !panel) continue
      try {
        panel.painted = paintPanel(canvas, set, snapshot)
      } catch (err) {
        this.reportError(`Painting frame ${set.index}`, err)
      }
    }
    this.sequencer.markPainted(set.seq)
    this.waiting = set.seq < this.sequencer.latest
    this.lastErrorText = ''
    if (!this.transport.playing) this.prefetch(PREFETCH_PAUSED)
  }

  private prefetch(count: number): void {
    const video = this.video
    if (!video) return
    const t = this.transport
    const stride = t.playing ? Math.floor(framesPerRefresh(video.fps, t.speed)) : 1
    const layerIds = panelLayerIds(this.panels)
    // paused: a window ahead in the direction the user last stepped, and a few frames behind;
    // each finished load tops the window up again, so stepping through it hits the cache
    const direction = t.playing ? t.direction : this.stepDirection
    const frames = prefetchFrames(this.frame, direction, count, video.frameCount, stride)
    if (!t.playing) frames.push(...prefetchFrames(this.frame, direction === 1 ? -1 : 1, PREFETCH_BEHIND, video.frameCount))
    const topUp = (): void => {
      if (!this.transport.playing && this.video?.id === video.id) this.prefetch(PREFETCH_PAUSED)
    }
    for (const i of frames) {
      if (this.frameLoader.inFlight + this.mapLoader.inFlight >= MAX_IN_FLIGHT) break
      // prefetch failures stay quiet here: the request for that frame reports them when shown
      const keys = [{ loader: this.frameLoader as KeyedLoader<unknown>, key: frameKey(video.id, i) }, ...layerIds.map((id) => ({ loader: this.mapLoader as KeyedLoader<unknown>, key: mapKey(video.id, id, i) }))]
      for (const { loader, key } of keys) {
        if (loader.has(key)) continue
        loader.get(key).then(t.playing ? undefined : topUp, () => undefined)
      }
    }
  }

  // ---- transport -----------------------------------------------------------------------

  seek(index: number): void {
    if (!this.video) return
    const target = clampFrame(index, this.video.frameCount)
    this.frame = target
    this.request(target)
    if (this.transport.playing) this.restartClocks()
  }

  /** direction of the last single/ten-frame step, for prefetching while paused */
  private stepDirection: 1 | -1 = 1

  step(delta: number): void {
    if (this.transport.playing) this.setTransport(pause(this.transport))
    if (delta !== 0) this.stepDirection = delta > 0 ? 1 : -1
    this.seek(this.frame + delta)
  }

  setSpeed(speed: number): void {
    this.setTransport({ ...this.transport, speed })
  }

  perform(action: PlayerAction): void {
    if (!this.video) return
    switch (action.type) {
      case 'toggle-play': this.setTransport(togglePlay(this.transport)); break
      case 'pause': this.setTransport(pause(this.transport)); break
      case 'shuttle': this.setTransport(shuttle(this.transport, action.direction)); break
      case 'speed': this.setTransport(changeSpeed(this.transport, action.direction)); break
      case 'step': this.step(action.delta); break
      case 'seek-start': this.seek(0); break
      case 'seek-end': this.seek(this.frameCount - 1); break
      case 'focus-goto':
      case 'leave-field':
        break // focus moves are the view's job
    }
  }

  setTransport(next: TransportState): void {
    const video = this.video
    if (next.playing && video) {
      const last = video.frameCount - 1
      // play from an end in the direction of travel starts over from the other end
      if (next.direction === 1 && this.frame >= last) this.seek(0)
      if (next.direction === -1 && this.frame <= 0) this.seek(last)
    }
    this.transport = next
    if (!next.playing || !video) {
      cancelAnimationFrame(this.loopHandle)
      this.loopHandle = 0
      this.audio?.pause()
      this.follower?.(timeOfFrame(this.frame, video?.fps ?? 0), next)
      this.clock = 'wall'
      // playback may have skipped requesting the frame it stopped on
      if (video && this.lastRequested !== this.frame) this.request(this.frame)
      return
    }
    this.restartClocks()
    if (!this.loopHandle) this.loopHandle = requestAnimationFrame((now) => this.loop(now))
  }

  private restartClocks(): void {
    const video = this.video
    if (!video) return
    const t = this.transport
    const start = timeOfFrame(this.frame, video.fps)
    this.wall = startWallClock(start, t.direction * t.speed, performance.now())
    this.follower?.(start, t)
    const audio = this.audio
    if (audio && audioShouldPlay(t, video.hasAudio)) {
      audio.playbackRate = t.speed
      audio.currentTime = start
      this.audioWorking = true
      audio.play().then(
        () => {
          this.audioProblem = null
        },
        (err: unknown) => {
          // autoplay policy or an undecodable track: keep playing on the wall clock
          this.audioWorking = false
          if (err instanceof DOMException && err.name === 'AbortError') return
          this.audioProblem = `audio does not play: ${err instanceof Error ? err.message : String(err)}`
          this.wall = startWallClock(timeOfFrame(this.frame, video.fps), t.direction * t.speed, performance.now())
        }
      )
    } else {
      audio?.pause()
    }
  }

  private loop(now: number): void {
    this.loopHandle = 0
    const video = this.video
    const t = this.transport
    if (!video || !t.playing) return
    const audio = this.audio
    const audioRunning = !!audio && this.audioWorking && !audio.paused && !audio.ended
    if (this.clock === 'audio' && !audioRunning) {
      // audio stopped under us (ended early, error): continue from where it was on the wall clock
      this.wall = startWallClock(timeOfFrame(this.frame, video.fps), t.direction * t.speed, now)
    }
    this.clock = chooseClock(t, video.hasAudio, audioRunning)
    let time: number
    if (this.clock === 'audio' && audio) {
      time = audio.currentTime
      this.wall = startWallClock(time, t.direction * t.speed, now)
    } else {
      time = wallClockTime(this.wall, now)
      if (audio && audioRunning && Math.abs(audio.currentTime - time) > AUDIO_RESYNC_S) audio.currentTime = time
    }
    this.follower?.(time, t)
    const result = tick(t, time, video.fps, video.frameCount)
    this.frame = result.frame
    if (result.frame !== this.lastRequested && this.outstanding < MAX_OUTSTANDING_PLAYING) this.request(result.frame)
    this.prefetch(PREFETCH_PLAYING)
    if (result.reachedEnd) {
      this.setTransport(pause(t))
      return
    }
    this.loopHandle = requestAnimationFrame((next) => this.loop(next))
  }
}
