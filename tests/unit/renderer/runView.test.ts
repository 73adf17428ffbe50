import { describe, expect, it } from 'vitest'
import type { LayerInfo, RunSummary } from '../../../src/shared/types'
import { layerTooltip, provenanceText } from '../../../src/renderer/src/lib/layerProvenance'
import { canResumeRun, conditionText, runOriginText, runStatusDetail, shaPrefix } from '../../../src/renderer/src/lib/runView'

type StatusFields = Pick<RunSummary, 'status' | 'statusReason' | 'queuePosition' | 'device'>
const status = (over: Partial<StatusFields>): StatusFields => ({ status: 'running', statusReason: null, queuePosition: null, device: null, ...over })

describe('run status detail', () => {
  it('says the queue position and device of a queued run', () => {
    // the badge beside it says QUEUED
    expect(runStatusDetail(status({ status: 'queued', queuePosition: 2, device: 'cpu' }))).toBe('position 2 on cpu')
    expect(runStatusDetail(status({ status: 'queued', device: 'cuda:0' }))).toBe('on cuda:0')
    expect(runStatusDetail(status({ status: 'queued' }))).toBe('')
  })

  it('gives the reason of an interruption and a stop, without the repeated status word', () => {
    const reason = 'interrupted: its owner, host a pid 12, is gone (crash, kill or power loss); last heartbeat 10:02'
    expect(runStatusDetail(status({ status: 'interrupted', statusReason: reason }))).toBe(
      'its owner, host a pid 12, is gone (crash, kill or power loss); last heartbeat 10:02'
    )
    expect(runStatusDetail(status({ status: 'interrupted' }))).toBe('')
    expect(runStatusDetail(status({ status: 'stopping', statusReason: 'stop requested' }))).toBe('stop requested')
    expect(runStatusDetail(status({ status: 'stopped-resumable', statusReason: 'stopped while queued' }))).toBe('stopped while queued — resume to continue')
    expect(runStatusDetail(status({ status: 'stopped-resumable' }))).toBe('resume to continue')
    expect(runStatusDetail(status({ status: 'cancelled', statusReason: 'cancelled while queued' }))).toBe('cancelled while queued')
  })

  it('adds nothing where the status word says it all', () => {
    for (const s of ['running', 'done', 'failed'] as const) expect(runStatusDetail(status({ status: s, statusReason: 'x' }))).toBe('')
  })

  it('offers Resume for stopped runs, and for interrupted runs of kinds that can continue', () => {
    expect(canResumeRun({ status: 'stopped-resumable', kind: 'infer' })).toBe(true)
    expect(canResumeRun({ status: 'interrupted', kind: 'infer' })).toBe(true)
    expect(canResumeRun({ status: 'interrupted', kind: 'eval' })).toBe(false)
    expect(canResumeRun({ status: 'failed', kind: 'infer' })).toBe(false)
    expect(canResumeRun({ status: 'done', kind: 'infer' })).toBe(false)
  })
})

describe('what made a run or a layer', () => {
  const sha = '3fa2b1c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f'

  it('names model, audio condition and a weights sha prefix', () => {
    expect(runOriginText({ model: 'avinet-bilinear', audioCondition: 'zero', weightsSha256: sha })).toBe('avinet-bilinear · audio zero · weights 3fa2b1c0')
    expect(runOriginText({ model: 'center-bias', audioCondition: 'none', weightsSha256: null })).toBe('center-bias')
    expect(runOriginText({ model: null, audioCondition: null, weightsSha256: null })).toBe('')
    expect(shaPrefix(sha)).toBe('3fa2b1c0')
    expect(conditionText('none')).toBe('')
    expect(conditionText('shuffled')).toBe('shuffled')
  })

  it('puts a prediction layer’s provenance in its tooltip, and says when a folder was added by hand', () => {
    const provenance = { runId: '5e0c9a7d-1111-2222-3333-444455556666', model: 'vinet', weightsSha256: sha, audioCondition: 'none' }
    expect(provenanceText(provenance)).toBe('vinet · visual only · weights 3fa2b1c0 · run 5e0c9a7d')
    expect(provenanceText({ ...provenance, model: 'avinet-bilinear', audioCondition: 'random' })).toBe(
      'avinet-bilinear · audio random · weights 3fa2b1c0 · run 5e0c9a7d'
    )
    expect(provenanceText(null)).toBe('')
    const layer: LayerInfo = { id: 'p1', videoId: 1, label: 'vinet · visual', kind: 'prediction', available: 40, dir: '/cache/p1', provenance }
    expect(layerTooltip(layer)).toBe('vinet · visual\nvinet · visual only · weights 3fa2b1c0 · run 5e0c9a7d\n/cache/p1')
    expect(layerTooltip({ ...layer, provenance: null, dir: null })).toBe('vinet · visual\nadded by hand (no run recorded)')
    expect(layerTooltip({ ...layer, kind: 'gt-map', provenance: null, dir: null })).toBe('vinet · visual')
  })
})
