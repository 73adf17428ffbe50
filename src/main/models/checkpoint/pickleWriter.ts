// Emits pickle protocol 2 the way CPython's Pickler does (opcode choice, memo numbering, dict
// batches), so a program built here matches byte for byte what torch.save's pickler writes.
// It knows nothing about torch: the caller decides what to write and which values are shared.

const OP = {
  MARK: 0x28,
  STOP: 0x2e,
  BININT: 0x4a,
  BININT1: 0x4b,
  BININT2: 0x4d,
  BINPERSID: 0x51,
  REDUCE: 0x52,
  BINUNICODE: 0x58,
  GLOBAL: 0x63,
  BINGET: 0x68,
  LONG_BINGET: 0x6a,
  BINPUT: 0x71,
  LONG_BINPUT: 0x72,
  SETITEM: 0x73,
  TUPLE: 0x74,
  SETITEMS: 0x75,
  EMPTY_TUPLE: 0x29,
  EMPTY_DICT: 0x7d,
  PROTO: 0x80,
  TUPLE1: 0x85,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a
} as const

const TUPLE_OF_SIZE = [OP.EMPTY_TUPLE, OP.TUPLE1, 0x86, 0x87] as const

/** CPython writes dict items in SETITEMS batches of this many. */
const BATCH_SIZE = 1000

const UTF8 = new TextEncoder()

export class PickleWriter {
  private buffer = new Uint8Array(1024)
  private view = new DataView(this.buffer.buffer)
  private length = 0
  private memoSize = 0
  /** memo slots of values written once and fetched again (globals, shared strings) */
  private readonly memo = new Map<string, number>()

  constructor() {
    this.byte(OP.PROTO)
    this.byte(2)
  }

  /** `module.name` as GLOBAL the first time, then BINGET of its memo slot (CPython memoizes classes). */
  global(module: string, name: string): void {
    const key = `g\u0000${module}\u0000${name}`
    if (this.fetch(key)) return
    this.byte(OP.GLOBAL)
    this.raw(UTF8.encode(`${module}\n${name}\n`))
    this.put(key)
  }

  /**
   * A str. CPython memoizes by object identity: pass `shared` for values that are one Python
   * object at every use (a literal like 'storage'), so repeats become BINGETs.
   */
  str(text: string, shared = false): void {
    const key = shared ? `s\u0000${text}` : null
    if (key !== null && this.fetch(key)) return
    // BINUNICODE, u32 length, UTF-8 encoded in place (at most 3 bytes per UTF-16 unit)
    this.reserve(5 + text.length * 3)
    const at = this.length
    const { written } = UTF8.encodeInto(text, this.buffer.subarray(at + 5))
    this.buffer[at] = OP.BINUNICODE
    this.view.setUint32(at + 1, written, true)
    this.length = at + 5 + written
    // memoized either way (BINPUT), as CPython does, so later slot numbers line up
    if (key !== null) this.put(key)
    else this.memoizeTop()
  }

  /** A non-negative int, in the narrowest opcode CPython picks (ints are never memoized). */
  int(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`pickle int ${value} is not a non-negative safe integer`)
    if (value <= 0xff) {
      this.byte(OP.BININT1)
      this.byte(value)
    } else if (value <= 0xffff) {
      this.byte(OP.BININT2)
      this.byte(value & 0xff)
      this.byte(value >>> 8)
    } else if (value <= 0x7fffffff) {
      this.byte(OP.BININT)
      this.u32(value)
    } else {
      // LONG1: little-endian two's complement, (bit_length >> 3) + 1 bytes as pickle.encode_long
      const bytes: number[] = []
      let rest = BigInt(value)
      const count = (rest.toString(2).length >> 3) + 1
      for (let i = 0; i < count; i++, rest >>= 8n) bytes.push(Number(rest & 0xffn))
      this.byte(OP.LONG1)
      this.byte(count)
      this.raw(Uint8Array.from(bytes))
    }
  }

  bool(value: boolean): void {
    this.byte(value ? OP.NEWTRUE : OP.NEWFALSE)
  }

  /** A tuple of `count` items written by `items`; non-empty tuples are memoized, as CPython does. */
  tuple(count: number, items: () => void): void {
    if (count === 0) {
      this.byte(OP.EMPTY_TUPLE)
      return
    }
    if (count > 3) this.byte(OP.MARK)
    items()
    this.byte(count > 3 ? OP.TUPLE : TUPLE_OF_SIZE[count])
    this.memoizeTop()
  }

  /** `callable(*args)`: the callable and the args tuple must already be on the stack. */
  reduce(): void {
    this.byte(OP.REDUCE)
    this.memoizeTop()
  }

  /** An empty plain dict (memoized); fill it with `dictItems`. */
  emptyDict(): void {
    this.byte(OP.EMPTY_DICT)
    this.memoizeTop()
  }

  /** SETITEM(S) for `count` pairs written by `pair(i)`, batched as CPython's batch_setitems. */
  dictItems(count: number, pair: (index: number) => void): void {
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(count, start + BATCH_SIZE)
      if (end - start === 1) {
        pair(start)
        this.byte(OP.SETITEM)
        continue
      }
      this.byte(OP.MARK)
      for (let i = start; i < end; i++) pair(i)
      this.byte(OP.SETITEMS)
    }
  }

  /** The tuple on the stack is a persistent id; the unpickler's persistent_load replaces it. */
  persistentId(): void {
    this.byte(OP.BINPERSID)
  }

  /** Ends the program and returns its bytes. */
  finish(): Uint8Array {
    this.byte(OP.STOP)
    return this.buffer.slice(0, this.length)
  }

  private memoizeTop(): void {
    this.putSlot(this.memoSize++)
  }

  private put(key: string): void {
    this.memo.set(key, this.memoSize)
    this.memoizeTop()
  }

  private fetch(key: string): boolean {
    const slot = this.memo.get(key)
    if (slot === undefined) return false
    if (slot <= 0xff) {
      this.byte(OP.BINGET)
      this.byte(slot)
    } else {
      this.byte(OP.LONG_BINGET)
      this.u32(slot)
    }
    return true
  }

  private putSlot(slot: number): void {
    if (slot <= 0xff) {
      this.byte(OP.BINPUT)
      this.byte(slot)
    } else {
      this.byte(OP.LONG_BINPUT)
      this.u32(slot)
    }
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra))
    grown.set(this.buffer.subarray(0, this.length))
    this.buffer = grown
    this.view = new DataView(grown.buffer)
  }

  private byte(value: number): void {
    this.reserve(1)
    this.buffer[this.length++] = value
  }

  private u32(value: number): void {
    this.reserve(4)
    this.view.setUint32(this.length, value, true)
    this.length += 4
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.buffer.set(bytes, this.length)
    this.length += bytes.length
  }
}
