// The pickle VM on programs written by CPython's own pickle module (hex below, source shown),
// plus hand-made malformed programs.
import { describe, expect, it } from 'vitest'
import { runPickle, type PickleHooks } from '../../../src/main/models/checkpoint/pickleMachine'
import { PyDict, PyObject, PySet, PyTuple, type PyValue } from '../../../src/main/models/checkpoint/pickleValues'
import { findTorchGlobal } from '../../../src/main/models/checkpoint/torchGlobals'
import { AppError } from '../../../src/shared/errors'

const hooks: PickleHooks = {
  findGlobal: findTorchGlobal,
  persistentLoad: (pid) => `pid:${String(pid)}`
}

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'))
const run = (bytes: Uint8Array): PyValue => runPickle(bytes, 0, hooks, 'test.pkl').value

/** Plain-JS view of a value, for comparisons. */
function plain(value: PyValue): unknown {
  if (Array.isArray(value)) return value.map(plain)
  if (value instanceof PyTuple) return { tuple: value.items.map(plain) }
  if (value instanceof PyDict) return Object.fromEntries([...value.entries].map(([k, v]) => [String(k), plain(v)]))
  if (value instanceof PySet) return { set: value.items.map(plain) }
  if (value instanceof Uint8Array) return { bytes: [...value] }
  return value
}

// pickle.dumps({'a': [1, -2, 2**70, -(2**70), 1.5, None, True, False, 300, 70000, -70000],
//               'b': (b'xy', 'é', ()), 'c': {1, 2}, 'd': frozenset(), 'e': bytearray(b'z')}, protocol=P)
const SAMPLE: Record<number, string> = {
  0: '286470300a56610a70310a286c70320a49310a61492d320a614c313138303539313632303731373431313330333432344c0a614c2d313138303539313632303731373431313330333432344c0a6146312e350a614e614930310a614930300a61493330300a614937303030300a61492d37303030300a617356620a70330a28635f636f646563730a656e636f64650a70340a285678790a70350a566c6174696e310a70360a7470370a5270380a56e90a70390a2874747031300a7356630a7031310a635f5f6275696c74696e5f5f0a7365740a7031320a28286c7031330a49310a6149320a61747031340a527031350a7356640a7031360a635f5f6275696c74696e5f5f0a66726f7a656e7365740a7031370a28286c7031380a747031390a527032300a7356650a7032310a635f5f6275696c74696e5f5f0a6279746561727261790a7032320a2867340a28567a0a7032330a67360a747032340a527032350a747032360a527032370a732e',
  2: '80027d71002858010000006171015d7102284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000004e88894d2c014a701101004a90eefeff655801000000627103635f636f646563730a656e636f64650a710458020000007879710558060000006c6174696e3171068671075271085802000000c3a971092987710a580100000063710b635f5f6275696c74696e5f5f0a7365740a710c5d710d284b014b026585710e52710f5801000000647110635f5f6275696c74696e5f5f0a66726f7a656e7365740a71115d71128571135271145801000000657115635f5f6275696c74696e5f5f0a6279746561727261790a7116680458010000007a7117680686711852711985711a52711b752e',
  4: '8004958c000000000000007d94288c0161945d94284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000004e88894d2c014a701101004a90eefeff658c01629443027879948c02c3a9942987948c0163948f94284b014b02908c0164942891948c0165948c086275696c74696e73948c0962797465617272617994939443017a9485945294752e',
  5: '80059576000000000000007d94288c0161945d94284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000004e88894d2c014a701101004a90eefeff658c01629443027879948c02c3a9942987948c0163948f94284b014b02908c0164942891948c0165949601000000000000007a94752e'
}

describe('pickle machine', () => {
  for (const protocol of [0, 2, 4, 5]) {
    it(`runs a CPython protocol-${protocol} pickle`, () => {
      expect(plain(run(hex(SAMPLE[protocol])))).toEqual({
        a: [1, -2, 2n ** 70n, -(2n ** 70n), 1.5, null, true, false, 300, 70000, -70000],
        b: { tuple: [{ bytes: [0x78, 0x79] }, 'é', { tuple: [] }] },
        c: { set: [1, 2] },
        d: { set: [] },
        e: { bytes: [0x7a] }
      })
    })
  }

  it('returns the same object for memo references', () => {
    // x = [1]; pickle.dumps([x, x], 2)
    const value = run(hex('80025d7100285d71014b01616801652e'))
    expect(Array.isArray(value) && value[0] === value[1]).toBe(true)
  })

  it('keeps instances of unknown classes as generic objects with their state', () => {
    // pickle.dumps(argparse.Namespace(lr=0.1, name='run'), 2)
    const value = run(hex('80026361726770617273650a4e616d6573706163650a7100298171017d71022858020000006c727103473fb999999999999a58040000006e616d657104580300000072756e710575622e'))
    expect(value).toBeInstanceOf(PyObject)
    expect((value as PyObject).className).toBe('argparse.Namespace')
    expect(plain((value as PyObject).state)).toEqual({ lr: 0.1, name: 'run' })
  })

  it('reports the end offset so pickles can be read back to back', () => {
    const two = hex('80024b012e80024b022e')
    const first = runPickle(two, 0, hooks, 'seq')
    expect(first).toEqual({ value: 1, end: 5 })
    expect(runPickle(two, first.end, hooks, 'seq')).toEqual({ value: 2, end: 10 })
  })

  const failures: [string, string, string, RegExp][] = [
    ['a byte that is no opcode', '8002ff2e', 'corrupt-pickle', /0xff at byte 2/],
    ['an extension-registry opcode', '8002820a2e', 'unsupported-opcode', /EXT1 at byte 2/],
    ['a read of an unwritten memo slot', '800268072e', 'corrupt-pickle', /BINGET at byte 2: memo slot 7/],
    ['APPENDS without a MARK', '80025d652e', 'corrupt-pickle', /APPENDS at byte 3: no MARK/],
    ['STOP on an empty stack', '80022e', 'corrupt-pickle', /STOP at byte 2: stack underflow/],
    ['SETITEM on a list', '80025d4b014b02732e', 'corrupt-pickle', /cannot set an item on a list/],
    ['a string longer than the data', '8002580a000000616263', 'truncated', /needs 10 bytes of string data, only 3 present/],
    ['a program without STOP', '80024b01', 'truncated', /without a STOP/],
    ['a cut integer operand', '80024a0100', 'truncated', /BININT at byte 2 needs 4 bytes/],
    ['a newer protocol', '80064b012e', 'unsupported-opcode', /protocol 6/]
  ]
  for (const [what, program, code, message] of failures) {
    it(`rejects ${what} with ${code}`, () => {
      let caught: unknown
      try {
        run(hex(program))
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(AppError)
      expect((caught as AppError).code).toBe(code)
      expect((caught as AppError).message).toMatch(message)
      expect((caught as AppError).message).toContain('test.pkl')
    })
  }
})
