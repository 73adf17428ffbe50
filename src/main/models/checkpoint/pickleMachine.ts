// A pickle virtual machine for the opcodes of protocols 0-5 that torch.save (and Python's own
// pickle) emit. It knows nothing about torch: globals and persistent ids go through hooks.
import {
  PyCallable,
  PyDict,
  PyGlobal,
  PyObject,
  PySet,
  PyTuple,
  TensorRef,
  describePyValue,
  type PyValue
} from './pickleValues'
import { AppError, isAppError } from '../../../shared/errors'

/** Hooks throw this for arguments that make no sense; the VM adds where in the pickle it happened. */
export function pickleCallError(message: string): AppError {
  return new AppError('corrupt-pickle', message)
}

export interface PickleHooks {
  /** Meaning of `module.name`; return a PyGlobal for anything without one. */
  findGlobal(module: string, name: string): PyValue
  /** Value of a persistent id (torch: a storage reference). */
  persistentLoad(pid: PyValue): PyValue
}

export interface PickleResult {
  value: PyValue
  /** index just after the STOP opcode */
  end: number
}

const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT',
  0x49: 'INT', 0x4a: 'BININT', 0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE',
  0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND', 0x62: 'BUILD',
  0x63: 'GLOBAL', 0x64: 'DICT', 0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET',
  0x69: 'INST', 0x6a: 'LONG_BINGET', 0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT',
  0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE',
  0x75: 'SETITEMS', 0x47: 'BINFLOAT', 0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2',
  0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE',
  0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE',
  0x95: 'FRAME', 0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER'
}

const UTF8 = new TextDecoder('utf-8')
const LATIN1 = new TextDecoder('latin1')

/** Runs one pickle program starting at `start`; `label` names it in error messages. */
export function runPickle(bytes: Uint8Array, start: number, hooks: PickleHooks, label: string): PickleResult {
  return new PickleMachine(bytes, start, hooks, label).run()
}

class PickleMachine {
  private readonly view: DataView
  private pos: number
  private opPos = 0
  private op = 0
  private stack: PyValue[] = []
  private readonly metaStack: PyValue[][] = []
  private readonly memo = new Map<number, PyValue>()

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly hooks: PickleHooks,
    private readonly label: string
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.pos = start
  }

  run(): PickleResult {
    const bytes = this.bytes
    for (;;) {
      if (this.pos >= bytes.length) {
        throw new AppError(
          'truncated',
          `${this.label}: pickle ends at byte ${bytes.length} without a STOP opcode (the data is cut short)`
        )
      }
      this.opPos = this.pos
      this.op = bytes[this.pos++]
      if (this.op === 0x2e) {
        return { value: this.pop(), end: this.pos }
      }
      this.step(this.op)
    }
  }

  // ---- errors -------------------------------------------------------------------------

  private opName(): string {
    return OPCODE_NAMES[this.op] ?? `0x${this.op.toString(16).padStart(2, '0')}`
  }

  private corrupt(why: string): AppError {
    return new AppError('corrupt-pickle', `${this.label}: opcode ${this.opName()} at byte ${this.opPos}: ${why}`)
  }

  private need(count: number, what: string): void {
    if (this.pos + count > this.bytes.length) {
      const present = this.bytes.length - this.pos
      throw new AppError(
        'truncated',
        `${this.label}: opcode ${this.opName()} at byte ${this.opPos} needs ${count} bytes of ${what}, ` +
          `only ${present} present (pickle ends at byte ${this.bytes.length})`
      )
    }
  }

  // ---- operand readers ----------------------------------------------------------------

  private u8(): number {
    this.need(1, 'operand')
    return this.bytes[this.pos++]
  }

  private u16(): number {
    this.need(2, 'operand')
    const v = this.view.getUint16(this.pos, true)
    this.pos += 2
    return v
  }

  private i32(): number {
    this.need(4, 'operand')
    const v = this.view.getInt32(this.pos, true)
    this.pos += 4
    return v
  }

  private u32(): number {
    this.need(4, 'operand')
    const v = this.view.getUint32(this.pos, true)
    this.pos += 4
    return v
  }

  private u64(): number {
    this.need(8, 'operand')
    const v = this.view.getBigUint64(this.pos, true)
    this.pos += 8
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.corrupt(`length ${v} is not a usable size`)
    return Number(v)
  }

  private take(count: number, what: string): Uint8Array {
    if (count < 0) throw this.corrupt(`negative length ${count}`)
    this.need(count, what)
    const out = this.bytes.subarray(this.pos, this.pos + count)
    this.pos += count
    return out
  }

  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos)
    if (end < 0) {
      throw new AppError(
        'truncated',
        `${this.label}: opcode ${this.opName()} at byte ${this.opPos} needs a newline-terminated operand; the pickle ends first`
      )
    }
    const text = LATIN1.decode(this.bytes.subarray(this.pos, end))
    this.pos = end + 1
    return text
  }

  // ---- stack --------------------------------------------------------------------------

  private pop(): PyValue {
    if (this.stack.length === 0) throw this.corrupt('stack underflow')
    return this.stack.pop() as PyValue
  }

  private top(): PyValue {
    if (this.stack.length === 0) throw this.corrupt('stack underflow')
    return this.stack[this.stack.length - 1]
  }

  private popMark(): PyValue[] {
    const items = this.stack
    const previous = this.metaStack.pop()
    if (previous === undefined) throw this.corrupt('no MARK on the stack')
    this.stack = previous
    return items
  }

  private memoGet(index: number): PyValue {
    if (!this.memo.has(index)) throw this.corrupt(`memo slot ${index} was never written`)
    return this.memo.get(index) as PyValue
  }

  // ---- object building ----------------------------------------------------------------

  private withHook<T>(run: () => T): T {
    try {
      return run()
    } catch (err) {
      if (isAppError(err, 'corrupt-pickle')) throw this.corrupt(err.message)
      throw err
    }
  }

  private callGlobal(func: PyValue, args: readonly PyValue[]): PyValue {
    if (func instanceof PyCallable) return this.withHook(() => func.call(args))
    if (func instanceof PyGlobal) return new PyObject(func.qualifiedName, args)
    throw this.corrupt(`cannot call a ${describePyValue(func)}`)
  }

  private setItem(target: PyValue, key: PyValue, value: PyValue): void {
    if (target instanceof PyDict) target.entries.set(key, value)
    else if (target instanceof PyObject) target.dictItems.set(key, value)
    else throw this.corrupt(`cannot set an item on a ${describePyValue(target)}`)
  }

  private appendItems(target: PyValue, items: readonly PyValue[]): void {
    if (Array.isArray(target)) for (const item of items) target.push(item)
    else if (target instanceof PyObject) for (const item of items) target.listItems.push(item)
    else if (target instanceof PySet) for (const item of items) target.items.push(item)
    else throw this.corrupt(`cannot append to a ${describePyValue(target)}`)
  }

  private build(target: PyValue, state: PyValue): void {
    if (target instanceof PyObject) {
      target.state = state
      return
    }
    if (target instanceof PyDict) {
      // OrderedDict.__reduce__ carries instance attributes (state_dict's `_metadata`) here.
      const attrs = state instanceof PyTuple ? state.items[0] : state
      if (attrs instanceof PyDict) {
        for (const [key, value] of attrs.entries) if (typeof key === 'string') target.attrs.set(key, value)
        return
      }
      if (attrs === null || attrs === undefined) return
      throw this.corrupt(`cannot apply ${describePyValue(attrs)} state to a ${target.className}`)
    }
    // Tensors and parameters restored from a reduce may carry hooks/state: not needed here.
    if (target instanceof TensorRef || target instanceof PyCallable || target instanceof PyGlobal) return
    throw this.corrupt(`cannot apply state to a ${describePyValue(target)}`)
  }

  private asString(value: PyValue, what: string): string {
    if (typeof value !== 'string') throw this.corrupt(`${what} must be a str, found ${describePyValue(value)}`)
    return value
  }

  // ---- the opcode switch --------------------------------------------------------------

  private step(op: number): void {
    const stack = this.stack
    switch (op) {
      case 0x80: {
        // PROTO
        const version = this.u8()
        if (version > 5) {
          throw new AppError(
            'unsupported-opcode',
            `${this.label}: pickle protocol ${version} at byte ${this.opPos} is newer than protocol 5`
          )
        }
        return
      }
      case 0x95: // FRAME: frames only matter for streaming readers
        this.u64()
        return
      case 0x28: // MARK
        this.metaStack.push(this.stack)
        this.stack = []
        return
      case 0x30: // POP
        if (stack.length === 0) this.popMark()
        else stack.pop()
        return
      case 0x31: // POP_MARK
        this.popMark()
        return
      case 0x32: // DUP
        stack.push(this.top())
        return
      case 0x4e: // NONE
        stack.push(null)
        return
      case 0x88: // NEWTRUE
        stack.push(true)
        return
      case 0x89: // NEWFALSE
        stack.push(false)
        return
      case 0x4a: // BININT
        stack.push(this.i32())
        return
      case 0x4b: // BININT1
        stack.push(this.u8())
        return
      case 0x4d: // BININT2
        stack.push(this.u16())
        return
      case 0x8a: // LONG1
        stack.push(this.longBytes(this.u8()))
        return
      case 0x8b: {
        // LONG4
        const n = this.i32()
        if (n < 0) throw this.corrupt(`negative LONG4 length ${n}`)
        stack.push(this.longBytes(n))
        return
      }
      case 0x49: // INT (text); protocol 0 spells booleans I00 / I01
        stack.push(this.parseTextInt(this.line()))
        return
      case 0x4c: // LONG (text)
        stack.push(this.parseTextInt(this.line().replace(/L$/, '')))
        return
      case 0x46: {
        // FLOAT (text)
        const text = this.line()
        const value = Number(text)
        if (Number.isNaN(value) && !/nan/i.test(text)) throw this.corrupt(`bad float literal ${JSON.stringify(text)}`)
        stack.push(value)
        return
      }
      case 0x47: {
        // BINFLOAT: big-endian double
        this.need(8, 'operand')
        stack.push(this.view.getFloat64(this.pos, false))
        this.pos += 8
        return
      }
      case 0x8c: // SHORT_BINUNICODE
        stack.push(UTF8.decode(this.take(this.u8(), 'string data')))
        return
      case 0x58: // BINUNICODE
        stack.push(UTF8.decode(this.take(this.u32(), 'string data')))
        return
      case 0x8d: // BINUNICODE8
        stack.push(UTF8.decode(this.take(this.u64(), 'string data')))
        return
      case 0x55: // SHORT_BINSTRING (Python 2 str; torch.load decodes as utf-8)
        stack.push(UTF8.decode(this.take(this.u8(), 'string data')))
        return
      case 0x54: // BINSTRING
        stack.push(UTF8.decode(this.take(this.i32(), 'string data')))
        return
      case 0x53: // STRING (text, quoted repr)
        stack.push(unquotePythonString(this.line(), (why) => this.corrupt(why)))
        return
      case 0x56: // UNICODE (text, raw-unicode-escape)
        stack.push(decodeRawUnicodeEscape(this.line()))
        return
      case 0x43: // SHORT_BINBYTES
        stack.push(this.take(this.u8(), 'bytes data').slice())
        return
      case 0x42: // BINBYTES
        stack.push(this.take(this.u32(), 'bytes data').slice())
        return
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(this.take(this.u64(), 'bytes data').slice())
        return
      case 0x5d: // EMPTY_LIST
        stack.push([])
        return
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]))
        return
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict('builtins.dict'))
        return
      case 0x8f: // EMPTY_SET
        stack.push(new PySet(false))
        return
      case 0x85: // TUPLE1
        stack.push(new PyTuple([this.pop()]))
        return
      case 0x86: {
        // TUPLE2
        const b = this.pop()
        const a = this.pop()
        stack.push(new PyTuple([a, b]))
        return
      }
      case 0x87: {
        // TUPLE3
        const c = this.pop()
        const b = this.pop()
        const a = this.pop()
        stack.push(new PyTuple([a, b, c]))
        return
      }
      case 0x74: // TUPLE
        this.pushAfterMark(new PyTuple(this.popMark()))
        return
      case 0x6c: // LIST
        this.pushAfterMark(this.popMark())
        return
      case 0x64: {
        // DICT
        const items = this.popMark()
        const dict = new PyDict('builtins.dict')
        for (let i = 0; i + 1 < items.length; i += 2) dict.entries.set(items[i], items[i + 1])
        this.stack.push(dict)
        return
      }
      case 0x91: {
        // FROZENSET
        const items = this.popMark()
        const set = new PySet(true)
        set.items.push(...items)
        this.stack.push(set)
        return
      }
      case 0x61: {
        // APPEND
        const item = this.pop()
        this.appendItems(this.top(), [item])
        return
      }
      case 0x65: // APPENDS
      case 0x90: {
        // ADDITEMS
        const items = this.popMark()
        this.appendItems(this.top(), items)
        return
      }
      case 0x73: {
        // SETITEM
        const value = this.pop()
        const key = this.pop()
        this.setItem(this.top(), key, value)
        return
      }
      case 0x75: {
        // SETITEMS
        const items = this.popMark()
        if (items.length % 2 !== 0) throw this.corrupt(`odd number (${items.length}) of key/value items`)
        const target = this.top()
        for (let i = 0; i < items.length; i += 2) this.setItem(target, items[i], items[i + 1])
        return
      }
      case 0x71: // BINPUT
        this.memo.set(this.u8(), this.top())
        return
      case 0x72: // LONG_BINPUT
        this.memo.set(this.u32(), this.top())
        return
      case 0x70: // PUT
        this.memo.set(this.parseIndex(this.line()), this.top())
        return
      case 0x94: // MEMOIZE
        this.memo.set(this.memo.size, this.top())
        return
      case 0x68: // BINGET
        stack.push(this.memoGet(this.u8()))
        return
      case 0x6a: // LONG_BINGET
        stack.push(this.memoGet(this.u32()))
        return
      case 0x67: // GET
        stack.push(this.memoGet(this.parseIndex(this.line())))
        return
      case 0x63: {
        // GLOBAL
        const module = this.line()
        const name = this.line()
        stack.push(this.hooks.findGlobal(module, name))
        return
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.asString(this.pop(), 'STACK_GLOBAL name')
        const module = this.asString(this.pop(), 'STACK_GLOBAL module')
        this.stack.push(this.hooks.findGlobal(module, name))
        return
      }
      case 0x52: {
        // REDUCE
        const args = this.pop()
        const func = this.pop()
        if (!(args instanceof PyTuple)) throw this.corrupt(`arguments must be a tuple, found ${describePyValue(args)}`)
        this.stack.push(this.callGlobal(func, args.items))
        return
      }
      case 0x81: {
        // NEWOBJ
        const args = this.pop()
        const cls = this.pop()
        if (!(args instanceof PyTuple)) throw this.corrupt(`arguments must be a tuple, found ${describePyValue(args)}`)
        this.stack.push(this.callGlobal(cls, args.items))
        return
      }
      case 0x92: {
        // NEWOBJ_EX: keyword arguments are dropped (no known torch global takes them)
        this.pop()
        const args = this.pop()
        const cls = this.pop()
        if (!(args instanceof PyTuple)) throw this.corrupt(`arguments must be a tuple, found ${describePyValue(args)}`)
        this.stack.push(this.callGlobal(cls, args.items))
        return
      }
      case 0x6f: {
        // OBJ
        const items = this.popMark()
        if (items.length === 0) throw this.corrupt('no class after MARK')
        this.stack.push(this.callGlobal(items[0], items.slice(1)))
        return
      }
      case 0x69: {
        // INST
        const module = this.line()
        const name = this.line()
        const args = this.popMark()
        this.stack.push(this.callGlobal(this.hooks.findGlobal(module, name), args))
        return
      }
      case 0x62: {
        // BUILD
        const state = this.pop()
        this.build(this.top(), state)
        return
      }
      case 0x51: // BINPERSID
        {
          const pid = this.pop()
          this.stack.push(this.withHook(() => this.hooks.persistentLoad(pid)))
        }
        return
      case 0x50: // PERSID
        {
          const pid = this.line()
          this.stack.push(this.withHook(() => this.hooks.persistentLoad(pid)))
        }
        return
      case 0x82:
      case 0x83:
      case 0x84:
      case 0x97:
      case 0x98:
        throw new AppError(
          'unsupported-opcode',
          `${this.label}: opcode ${this.opName()} at byte ${this.opPos} is not supported (torch.save never writes it)`
        )
      default:
        throw this.corrupt('not a pickle opcode')
    }
  }

  /** TUPLE/LIST pop the mark frame, so push onto the restored outer stack. */
  private pushAfterMark(value: PyValue): void {
    this.stack.push(value)
  }

  private longBytes(n: number): number | bigint {
    const raw = this.take(n, 'integer bytes')
    if (n === 0) return 0
    let value = 0n
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i])
    if (raw[n - 1] & 0x80) value -= 1n << BigInt(8 * n)
    return narrowInt(value)
  }

  private parseTextInt(text: string): number | bigint | boolean {
    if (text === '00') return false
    if (text === '01') return true
    if (!/^[-+]?\d+$/.test(text.trim())) throw this.corrupt(`bad integer literal ${JSON.stringify(text)}`)
    return narrowInt(BigInt(text.trim()))
  }

  private parseIndex(text: string): number {
    if (!/^\d+$/.test(text)) throw this.corrupt(`bad memo index ${JSON.stringify(text)}`)
    return Number(text)
  }
}

function narrowInt(value: bigint): number | bigint {
  const max = BigInt(Number.MAX_SAFE_INTEGER)
  return value >= -max && value <= max ? Number(value) : value
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0' }

/** Protocol-0 STRING operands are Python reprs: 'abc' or "abc" with backslash escapes. */
function unquotePythonString(text: string, corrupt: (why: string) => AppError): string {
  const quote = text[0]
  if ((quote !== "'" && quote !== '"') || text.length < 2 || text[text.length - 1] !== quote) {
    throw corrupt(`STRING operand is not quoted: ${JSON.stringify(text.slice(0, 40))}`)
  }
  return text
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, esc: string) =>
      esc.length === 3 ? String.fromCharCode(parseInt(esc.slice(1), 16)) : (SIMPLE_ESCAPES[esc] ?? `\\${esc}`)
    )
}

function decodeRawUnicodeEscape(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) =>
    String.fromCodePoint(parseInt((u4 ?? u8) as string, 16))
  )
}
