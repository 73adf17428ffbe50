// Checkpoints written by torch.save (both formats) and re-packed by Python's zipfile, read back
// and compared with what PyTorch itself reported (tests/fixtures/checkpoint/expected_synthetic.json).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCheckpoint } from '../../../src/main/models/checkpoint'
import { PyCallable, PyTuple, StorageRef, TensorRef } from '../../../src/main/models/checkpoint/pickleValues'
import { StorageRegistry } from '../../../src/main/models/checkpoint/storageRegistry'
import { materializeTensor } from '../../../src/main/models/checkpoint/tensorData'
import { findTorchGlobal } from '../../../src/main/models/checkpoint/torchGlobals'
import { FIXTURES, expectTensorsMatch, expectedSynthetic } from './expectations'
import { AppError } from '../../../src/shared/errors'

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, name)))
const expected = expectedSynthetic()

describe('synthetic torch.save checkpoints', () => {
  it('has expectations for every container variant', () => {
    expect(Object.keys(expected).sort()).toEqual(
      [
        'bigendian_zip.pt',
        'dtypes_deflated.pt',
        'dtypes_legacy.pt',
        'dtypes_zip.pt',
        'dtypes_zip64.pt',
        'dtypes_zip_proto4.pt',
        'plain_tensor_zip.pt',
        'stavis_like_legacy.pt',
        'stavis_like_zip.pt',
        'tensor_list_legacy.pt'
      ].sort()
    )
  })

  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name} as PyTorch does`, () => {
      expectTensorsMatch(readCheckpoint(read(name), name), want)
    })
  }

  it('finds the module.-prefixed state_dict of a STAViS-style file, not the optimizer state', () => {
    const checkpoint = readCheckpoint(read('stavis_like_legacy.pt'), 'stavis_like_legacy.pt')
    expect(checkpoint.statePath).toEqual(['state_dict'])
    expect(checkpoint.strippedPrefix).toBe('module.')
    expect(checkpoint.tensors.has('bn1.weight')).toBe(true)
    expect(checkpoint.tensors.has('momentum_buffer')).toBe(false)
    expect([...checkpoint.tensors.keys()].some((k) => k.includes('_metadata'))).toBe(false)
    const counter = checkpoint.tensors.get('bn1.num_batches_tracked')
    expect(counter?.dtype).toBe('int64')
    expect(counter?.shape).toEqual([])
    expect(counter?.data).toEqual(new BigInt64Array([1234n]))
  })

  it('uses the typed array that fits each dtype', () => {
    const { tensors } = readCheckpoint(read('dtypes_zip.pt'))
    expect(tensors.get('half.weight')?.data).toBeInstanceOf(Float32Array)
    expect(tensors.get('bf16.weight')?.data).toBeInstanceOf(Float32Array)
    expect(tensors.get('double.weight')?.data).toBeInstanceOf(Float64Array)
    expect(tensors.get('long.values')?.data).toBeInstanceOf(BigInt64Array)
    expect(tensors.get('int.values')?.data).toBeInstanceOf(Int32Array)
    expect(tensors.get('short.values')?.data).toBeInstanceOf(Int16Array)
    expect(tensors.get('char.values')?.data).toBeInstanceOf(Int8Array)
    expect(tensors.get('byte.values')?.data).toBeInstanceOf(Uint8Array)
    expect(tensors.get('mask')?.data).toEqual(new Uint8Array([1, 0, 1, 0, 0, 1]))
  })

  it('materialises strided views row-major (transpose, slice with offset, stride-0 expand)', () => {
    const { tensors } = readCheckpoint(read('dtypes_legacy.pt'))
    // base = arange(24).reshape(4, 6) / 8
    expect([...(tensors.get('transposed')?.data ?? [])].slice(0, 5)).toEqual([0, 6 / 8, 12 / 8, 18 / 8, 1 / 8])
    expect([...(tensors.get('narrowed')?.data ?? [])]).toEqual([8, 9, 10, 14, 15, 16].map((v) => v / 8))
    expect([...(tensors.get('expanded')?.data ?? [])]).toEqual([1.5, -2, 3.25, 1.5, -2, 3.25, 1.5, -2, 3.25, 1.5, -2, 3.25])
  })

  it('lets the caller pick the state dict explicitly', () => {
    const checkpoint = readCheckpoint(read('stavis_like_zip.pt'), 'stavis_like_zip.pt', {
      statePath: ['optimizer_sal', 'state', '0']
    })
    expect([...checkpoint.tensors.keys()]).toEqual(['momentum_buffer'])
    expect([...(checkpoint.tensors.get('momentum_buffer')?.data ?? [])]).toEqual([1, 1, 1])
    expect(() => readCheckpoint(read('stavis_like_zip.pt'), 'x.pt', { statePath: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'missing-entry' })
    )
  })

  it('refuses dtypes it cannot decode with a specific error', () => {
    let caught: unknown
    try {
      readCheckpoint(read('complex_zip.pt'), 'complex_zip.pt')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('unsupported-dtype')
    expect((caught as AppError).message).toMatch(/ComplexFloatStorage/)
  })
})

describe('storage references', () => {
  it('resolves legacy storage views (view_metadata) into offsets of the root storage', () => {
    const registry = new StorageRegistry()
    const floatStorage = findTorchGlobal('torch', 'FloatStorage')
    // ('storage', torch.FloatStorage, '77', 'cpu', 6, ('78', 2, 3)): elements 2..4 of root '77'
    const view = registry.persistentLoad(new PyTuple(['storage', floatStorage, '77', 'cpu', 6, new PyTuple(['78', 2, 3])]))
    expect(view).toBeInstanceOf(StorageRef)
    const rebuild = findTorchGlobal('torch._utils', '_rebuild_tensor_v2') as PyCallable
    const tensor = rebuild.call([view, 1, new PyTuple([2]), new PyTuple([1]), false, null]) as TensorRef
    const root = new Float32Array([0, 10, 20, 30, 40, 50])
    const dense = materializeTensor(tensor, { bytes: new Uint8Array(root.buffer), littleEndian: true }, 'v', 'x.pt')
    expect([...dense.data]).toEqual([30, 40])
    expect(registry.declared.get('77')?.byteLength).toBe(24)
  })

  it('reinterprets an untyped storage with the dtype given to _rebuild_tensor_v3', () => {
    const registry = new StorageRegistry()
    const untyped = registry.persistentLoad(new PyTuple(['storage', findTorchGlobal('torch', 'UntypedStorage'), '0', 'cpu', 8]))
    const rebuild = findTorchGlobal('torch._utils', '_rebuild_tensor_v3') as PyCallable
    const int16 = findTorchGlobal('torch', 'int16')
    const tensor = rebuild.call([untyped, 1, new PyTuple([3]), new PyTuple([1]), false, null, int16]) as TensorRef
    const raw = new Int16Array([-1, 2, -3, 4])
    const dense = materializeTensor(tensor, { bytes: new Uint8Array(raw.buffer), littleEndian: true }, 's', 'x.pt')
    expect(dense.dtype).toBe('int16')
    expect([...dense.data]).toEqual([2, -3, 4])
  })
})
