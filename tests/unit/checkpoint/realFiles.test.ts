// Real checkpoints from ../shared/data/checkpoints (TinyHD zip with nested student_model and
// _metadata, Captum legacy and zip files), compared with PyTorch's own reading of them.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { checkpointInspectJson, inspectCheckpoint, readCheckpoint, tensorSum } from '../../../src/main/models/checkpoint'
import { describeWithData } from '../../support/sharedData'
import { REAL_CHECKPOINTS, REAL_CHECKPOINTS_REL, expectHeader, expectSumClose, expectedReal, num } from './expectations'

describeWithData(REAL_CHECKPOINTS_REL, 'real checkpoints', () => {
  const expected = expectedReal()

  it('has expectations for the five real files', () => {
    expect(Object.keys(expected).length).toBe(5)
  })

  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name}: ${want.count} tensors with PyTorch's keys, shapes, dtypes and sums`, () => {
      const path = resolve(REAL_CHECKPOINTS, name)
      const checkpoint = readCheckpoint(new Uint8Array(readFileSync(path)), path)
      expectHeader(checkpoint, want)
      expect(checkpoint.tensors.size).toBe(want.count)

      const entries = [...checkpoint.tensors.entries()]
      const listing = entries.map(([key, t]) => `${key}\t${t.shape.join(',')}\t${t.dtype}\n`).join('')
      expect(createHash('sha256').update(listing, 'utf8').digest('hex')).toBe(want.listingSha256)
      entries.forEach(([key, tensor], i) => expectSumClose(tensorSum(tensor), want.sums[i], want.absSums[i], key))

      for (const row of want.sample) {
        const tensor = checkpoint.tensors.get(row.key)
        expect(tensor?.shape, row.key).toEqual(row.shape)
        expect(tensor?.dtype, row.key).toBe(row.dtype)
      }
    })
  }

  it('reads TinyHD 3-D conv weights, int64 0-dim counters, and ignores _metadata', () => {
    const path = resolve(REAL_CHECKPOINTS, 'tinyhd/d123m_rc4_rc1T.pth')
    const { tensors, statePath } = readCheckpoint(new Uint8Array(readFileSync(path)), path)
    expect(statePath).toEqual(['student_model'])
    expect(tensors.get('encoder.encoder.0.0.weight')?.shape).toEqual([8, 3, 3, 3, 3])
    const counters = [...tensors.entries()].filter(([key]) => key.endsWith('num_batches_tracked'))
    expect(counters.length).toBeGreaterThan(0)
    for (const [, t] of counters) {
      expect(t.dtype).toBe('int64')
      expect(t.shape).toEqual([])
      expect(t.data.length).toBe(1)
    }
    expect([...tensors.keys()].some((k) => k.includes('_metadata'))).toBe(false)
  })

  it('inspects a file into the CLI JSON shape', () => {
    const path = resolve(REAL_CHECKPOINTS, 'captum/titanic_model.pt')
    const json = JSON.parse(checkpointInspectJson(path)) as { tensors: { key: string; shape: number[]; dtype: string; sum: number }[] }
    const want = expected['captum/titanic_model.pt']
    expect(Object.keys(json)).toEqual(['tensors'])
    expect(json.tensors.map((t) => Object.keys(t))).toEqual(json.tensors.map(() => ['key', 'shape', 'dtype', 'sum']))
    expect(json.tensors.map((t) => t.key)).toEqual(want.sample.map((s) => s.key))
    json.tensors.forEach((t, i) => expect(Math.abs(t.sum - num(want.sums[i]))).toBeLessThan(1e-9 * num(want.absSums[i]) + 1e-12))
    expect(inspectCheckpoint(path).tensors.length).toBe(want.count)
  })
})
