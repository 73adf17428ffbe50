// The heard player's panels for one video of a study: what each shows and plays.
import { describe, expect, it } from 'vitest'
import { heardSources, layerOfRun, nextCondition, studyHasVideo } from '../../../src/renderer/src/lib/heardSources'
import { studyLayers, studyReport } from './studyFixture'

describe('heardSources', () => {
  it('lays out GT (own soundtrack), then each condition with the WAV its model heard', () => {
    const report = studyReport()
    const sources = heardSources(report, { id: 2, name: 'tone-a', hasAudio: true }, studyLayers(2))
    expect(sources.map((s) => s.key)).toEqual(['gt', 'real', 'zero', 'shuffled'])
    expect(sources.map((s) => s.layerId)).toEqual(['gt-2', 'layer-2-real', 'layer-2-zero', 'layer-2-shuffled'])
    expect(sources[0].audioRoute).toBe('/audio/2')
    expect(sources[1].audioRoute).toBe('/heard/run-real/2')
    expect(sources[3].audioRoute).toBe('/heard/run-shuffled/2')
    expect(sources[3].label).toBe('shuffled ← tone-b')
    expect(sources[3].donor).toBe('tone-b')
  })

  it('says a silent video is silent, flags what real heard, and plays nothing for a visual-only model', () => {
    const report = { ...studyReport(), visualModel: { model: 'vinet', inferRunId: 'run-visual', evalRunId: null, metrics: {} } }
    const layers = [
      ...studyLayers(1),
      { id: 'v-1', videoId: 1, label: 'vinet', kind: 'prediction' as const, available: 16, dir: null, provenance: { runId: 'run-visual', model: 'vinet', weightsSha256: null, audioCondition: null } }
    ]
    const sources = heardSources(report, { id: 1, name: 'silent', hasAudio: false }, layers)
    expect(sources.map((s) => s.key)).toEqual(['gt', 'visual', 'real', 'zero', 'shuffled'])
    expect(sources[0]).toMatchObject({ audioRoute: null, notes: ['no audio track: silent'] })
    expect(sources[1]).toMatchObject({ audioRoute: null, layerId: 'v-1', label: 'vinet (visual only)' })
    expect(sources[2].notes).toEqual(['no audio track: real = silence'])
  })

  it('notes a condition whose maps are not registered for the video', () => {
    const sources = heardSources(studyReport(), { id: 3, name: 'tone-b', hasAudio: true }, studyLayers(3).filter((l) => l.id !== 'layer-3-zero'))
    const zero = sources.find((s) => s.key === 'zero')
    expect(zero?.layerId).toBeNull()
    expect(zero?.notes).toContain('no maps registered for this video')
  })

  it('finds a run layer only on its own video', () => {
    expect(layerOfRun(studyLayers(2), 2, 'run-zero')?.id).toBe('layer-2-zero')
    expect(layerOfRun(studyLayers(2), 3, 'run-zero')).toBeNull()
    expect(layerOfRun(studyLayers(2), 2, null)).toBeNull()
  })
})

describe('nextCondition / studyHasVideo', () => {
  it('cycles the study order both ways, wrapping round', () => {
    const c = ['real', 'zero', 'shuffled']
    expect(nextCondition(c, 'real')).toBe('zero')
    expect(nextCondition(c, 'shuffled')).toBe('real')
    expect(nextCondition(c, 'real', -1)).toBe('shuffled')
    expect(nextCondition(c, 'unknown')).toBe('real')
  })

  it('knows which videos the study ran on', () => {
    expect(studyHasVideo(studyReport(), 2)).toBe(true)
    expect(studyHasVideo(studyReport(), 9)).toBe(false)
  })
})
