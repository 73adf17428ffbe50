/**
 * MATLAB Level 5 MAT-file reader (the format MATLAB writes with -v6/-v7 and scipy.io.savemat).
 *
 * Supported: both byte orders ('IM' little-endian, 'MI' big-endian), miCOMPRESSED elements
 * (zlib), the small data element format, numeric/logical/char arrays, complex parts (kept in
 * `imag`), sparse matrices (expanded to dense), cells and structs (parsed recursively).
 * Function handles and opaque objects (MATLAB `string`, `table`, classdef objects) are listed
 * with their class but carry no data. Version 7.3 files are HDF5 and raise 'mat-v73'.
 *
 * Every numeric array is returned as Float64Array in row-major order with MATLAB's dims
 * (dims[0] = rows): element (r, c) of a 2-D array is data[r * dims[1] + c]. int64/uint64
 * values beyond 2^53 are rounded. `class` is the array class from the file, not the storage
 * type: MATLAB often stores a 'double' array as miUINT8 when every value fits (as in the
 * DHF1K/UCF fixation .mat files); `storedType` says which one was used.
 */
import { inflateSync } from 'node:zlib'
import { columnMajorToRowMajor } from './order'
import { formatError } from './errors'

export type MatClass =
  | 'cell'
  | 'struct'
  | 'object'
  | 'char'
  | 'sparse'
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'logical'
  | 'function'
  | 'opaque'

export interface MatVariable {
  name: string
  class: MatClass
  dims: number[]
  /** numeric/logical/char values (char: UTF-16 code units), row-major; empty for cell/struct/opaque */
  data: Float64Array
  /** imaginary part, row-major, only for complex arrays */
  imag?: Float64Array
  /** the stored element type, e.g. 'miUINT8' for a double array MATLAB compressed to bytes */
  storedType?: string
  /** true when the array was stored sparse (data is the dense expansion) */
  sparse?: boolean
  /** char arrays: rows joined by '\n' */
  text?: string
  /** cell arrays: elements in row-major order */
  cells?: MatVariable[]
  /** struct arrays: field names in file order */
  fieldNames?: string[]
  /** struct arrays: one record per element, row-major */
  structs?: Map<string, MatVariable>[]
  /** object arrays: the MATLAB class name */
  className?: string
}

const MI_TYPES: Record<number, { name: string; size: number }> = {
  1: { name: 'miINT8', size: 1 },
  2: { name: 'miUINT8', size: 1 },
  3: { name: 'miINT16', size: 2 },
  4: { name: 'miUINT16', size: 2 },
  5: { name: 'miINT32', size: 4 },
  6: { name: 'miUINT32', size: 4 },
  7: { name: 'miSINGLE', size: 4 },
  9: { name: 'miDOUBLE', size: 8 },
  12: { name: 'miINT64', size: 8 },
  13: { name: 'miUINT64', size: 8 },
  14: { name: 'miMATRIX', size: 1 },
  15: { name: 'miCOMPRESSED', size: 1 },
  16: { name: 'miUTF8', size: 1 },
  17: { name: 'miUTF16', size: 2 },
  18: { name: 'miUTF32', size: 4 }
}
const MI_MATRIX = 14
const MI_COMPRESSED = 15

const CLASS_CODES: Record<number, MatClass> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
  16: 'function',
  17: 'opaque'
}

const NUMERIC_CLASSES: ReadonlySet<MatClass> = new Set<MatClass>([
  'double',
  'single',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'logical'
])

/** Dense expansions of sparse matrices larger than this are refused. */
const MAX_DENSE_ELEMENTS = 1 << 28

const V73_MESSAGE = "MATLAB v7.3 (HDF5) files are not supported; re-save with save(..., '-v7')"

interface Element {
  type: number
  /** payload bytes (a view into the file or into an inflated buffer) */
  bytes: Uint8Array
}

/** Walks data elements of one buffer in one byte order. */
class ElementReader {
  private readonly view: DataView
  pos: number

  constructor(
    readonly buf: Uint8Array,
    readonly littleEndian: boolean,
    private readonly path: string | undefined,
    start = 0
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    this.pos = start
  }

  get done(): boolean {
    return this.pos >= this.buf.length
  }

  /** Read one tag + payload and advance past its padding. */
  next(context: string): Element {
    if (this.pos + 8 > this.buf.length) {
      throw formatError('mat-truncated', `file ends inside the tag of ${context} at byte ${this.pos}`, this.path)
    }
    const first = this.view.getUint32(this.pos, this.littleEndian)
    // Small data element: high 16 bits hold the byte count, payload is the next 4 bytes.
    if (first >>> 16 !== 0) {
      const type = first & 0xffff
      const size = first >>> 16
      if (size > 4) throw formatError('mat-corrupt', `small data element of ${context} claims ${size} bytes (max 4)`, this.path)
      const bytes = this.buf.subarray(this.pos + 4, this.pos + 4 + size)
      this.pos += 8
      return { type, bytes }
    }
    const type = first
    const size = this.view.getUint32(this.pos + 4, this.littleEndian)
    const start = this.pos + 8
    if (start + size > this.buf.length) {
      throw formatError(
        'mat-truncated',
        `${context} at byte ${this.pos} declares ${size} bytes but only ${this.buf.length - start} remain`,
        this.path
      )
    }
    // Compressed elements are not padded; everything else is padded to 8 bytes.
    this.pos = type === MI_COMPRESSED ? start + size : start + Math.ceil(size / 8) * 8
    return { type, bytes: this.buf.subarray(start, start + size) }
  }
}

/** Decode a numeric payload of element type `type` into doubles (file order). */
function decodeNumbers(el: Element, littleEndian: boolean, path: string | undefined, context: string): Float64Array {
  const info = MI_TYPES[el.type]
  if (!info || el.type === MI_MATRIX || el.type === MI_COMPRESSED) {
    throw formatError('mat-corrupt', `${context}: expected a numeric element, found type ${info?.name ?? el.type}`, path)
  }
  const count = Math.floor(el.bytes.length / info.size)
  const out = new Float64Array(count)
  const v = new DataView(el.bytes.buffer, el.bytes.byteOffset, el.bytes.byteLength)
  const le = littleEndian
  switch (el.type) {
    case 1:
      for (let i = 0; i < count; i++) out[i] = v.getInt8(i)
      break
    case 2:
    case 16:
      for (let i = 0; i < count; i++) out[i] = el.bytes[i]
      break
    case 3:
      for (let i = 0; i < count; i++) out[i] = v.getInt16(i * 2, le)
      break
    case 4:
    case 17:
      for (let i = 0; i < count; i++) out[i] = v.getUint16(i * 2, le)
      break
    case 5:
      for (let i = 0; i < count; i++) out[i] = v.getInt32(i * 4, le)
      break
    case 6:
    case 18:
      for (let i = 0; i < count; i++) out[i] = v.getUint32(i * 4, le)
      break
    case 7:
      for (let i = 0; i < count; i++) out[i] = v.getFloat32(i * 4, le)
      break
    case 9:
      for (let i = 0; i < count; i++) out[i] = v.getFloat64(i * 8, le)
      break
    case 12:
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigInt64(i * 8, le))
      break
    case 13:
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigUint64(i * 8, le))
      break
  }
  return out
}

function decodeText(el: Element, littleEndian: boolean): string {
  if (el.type === 16) return new TextDecoder('utf-8').decode(el.bytes)
  const codes = decodeNumbers(el, littleEndian, undefined, 'text')
  let s = ''
  for (const c of codes) s += String.fromCodePoint(c)
  return s
}

function toRowMajor(columnMajor: Float64Array, dims: number[]): Float64Array {
  if (dims.length <= 1 || dims.filter((d) => d > 1).length <= 1) return columnMajor
  const out = new Float64Array(columnMajor.length)
  columnMajorToRowMajor(columnMajor, out, dims)
  return out
}

/** Reorder a column-major list of sub-arrays (cells, struct elements) to row-major. */
function listToRowMajor<T>(items: T[], dims: number[]): T[] {
  if (items.length === 0) return items
  const out = new Array<T>(items.length)
  columnMajorToRowMajor(items, out, dims)
  return out
}

function product(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1)
}

class MatParser {
  constructor(
    private readonly littleEndian: boolean,
    private readonly path: string | undefined
  ) {}

  /** Parse the payload of a miMATRIX element. `fallbackName` is used for unnamed nested arrays. */
  matrix(payload: Uint8Array, fallbackName: string): MatVariable {
    if (payload.length === 0) {
      // An empty miMATRIX is MATLAB's encoding of [] inside cells and structs.
      return { name: fallbackName, class: 'double', dims: [0, 0], data: new Float64Array(0) }
    }
    const r = new ElementReader(payload, this.littleEndian, this.path)
    const flagsEl = r.next(`array flags of '${fallbackName}'`)
    if (flagsEl.bytes.length < 8) throw formatError('mat-corrupt', `array flags of '${fallbackName}' are too short`, this.path)
    const flagView = new DataView(flagsEl.bytes.buffer, flagsEl.bytes.byteOffset, 8)
    const flagWord = flagView.getUint32(0, this.littleEndian)
    const classCode = flagWord & 0xff
    const isComplex = (flagWord & 0x0800) !== 0
    const isLogical = (flagWord & 0x0200) !== 0
    const matClass = CLASS_CODES[classCode]
    if (!matClass) throw formatError('mat-corrupt', `array '${fallbackName}' has unknown class code ${classCode}`, this.path)

    if (matClass === 'opaque') {
      // Opaque objects do not have the dims subelement; only list them.
      const nameEl = r.next('opaque name')
      return { name: decodeText(nameEl, this.littleEndian) || fallbackName, class: 'opaque', dims: [], data: new Float64Array(0) }
    }

    const dims = Array.from(decodeNumbers(r.next('dimensions'), this.littleEndian, this.path, 'dimensions'))
    const name = decodeText(r.next('array name'), this.littleEndian) || fallbackName
    const count = product(dims)

    switch (matClass) {
      case 'cell': {
        const cells: MatVariable[] = []
        for (let i = 0; i < count; i++) cells.push(this.nested(r, `${name}{${i + 1}}`))
        return { name, class: 'cell', dims, data: new Float64Array(0), cells: listToRowMajor(cells, dims) }
      }
      case 'struct':
      case 'object': {
        const className = matClass === 'object' ? decodeText(r.next('class name'), this.littleEndian) : undefined
        const fieldNameLength = decodeNumbers(r.next('field name length'), this.littleEndian, this.path, 'field name length')[0]
        const namesEl = r.next('field names')
        const fieldNames: string[] = []
        for (let off = 0; off + fieldNameLength <= namesEl.bytes.length && fieldNameLength > 0; off += fieldNameLength) {
          const raw = namesEl.bytes.subarray(off, off + fieldNameLength)
          const end = raw.indexOf(0)
          fieldNames.push(new TextDecoder('latin1').decode(end >= 0 ? raw.subarray(0, end) : raw))
        }
        const structs: Map<string, MatVariable>[] = []
        for (let i = 0; i < count; i++) {
          const record = new Map<string, MatVariable>()
          for (const field of fieldNames) record.set(field, this.nested(r, `${name}(${i + 1}).${field}`))
          structs.push(record)
        }
        const result: MatVariable = {
          name,
          class: matClass,
          dims,
          data: new Float64Array(0),
          fieldNames,
          structs: listToRowMajor(structs, dims)
        }
        if (className !== undefined) result.className = className
        return result
      }
      case 'function':
        return { name, class: 'function', dims, data: new Float64Array(0) }
      case 'sparse':
        return this.sparse(r, name, dims, isComplex, isLogical, flagView.getUint32(4, this.littleEndian))
      case 'char': {
        const el = r.next(`char data of '${name}'`)
        const codes = el.type === 16 ? utf8Codes(el.bytes) : decodeNumbers(el, this.littleEndian, this.path, `char data of '${name}'`)
        const data = toRowMajor(codes, dims)
        const cols = dims.length >= 2 ? product(dims.slice(1)) : data.length
        const rows: string[] = []
        for (let row = 0; row * cols < data.length; row++) {
          let line = ''
          for (let i = row * cols; i < (row + 1) * cols; i++) line += String.fromCodePoint(data[i])
          rows.push(line)
        }
        return { name, class: 'char', dims, data, storedType: MI_TYPES[el.type]?.name, text: rows.join('\n') }
      }
      default: {
        const realEl = r.next(`real part of '${name}'`)
        const real = decodeNumbers(realEl, this.littleEndian, this.path, `real part of '${name}'`)
        if (real.length < count) {
          throw formatError('mat-truncated', `'${name}' has dims [${dims.join('×')}] = ${count} values but only ${real.length} stored`, this.path)
        }
        const result: MatVariable = {
          name,
          class: isLogical ? 'logical' : matClass,
          dims,
          data: toRowMajor(real.subarray(0, count), dims),
          storedType: MI_TYPES[realEl.type].name
        }
        if (isComplex) {
          const imag = decodeNumbers(r.next(`imaginary part of '${name}'`), this.littleEndian, this.path, `imaginary part of '${name}'`)
          result.imag = toRowMajor(imag.subarray(0, count), dims)
        }
        return result
      }
    }
  }

  private nested(r: ElementReader, label: string): MatVariable {
    const el = r.next(label)
    if (el.type !== MI_MATRIX) {
      throw formatError('mat-corrupt', `${label}: expected miMATRIX, found ${MI_TYPES[el.type]?.name ?? el.type}`, this.path)
    }
    return this.matrix(el.bytes, label)
  }

  private sparse(r: ElementReader, name: string, dims: number[], isComplex: boolean, isLogical: boolean, nzmax: number): MatVariable {
    const rows = dims[0]
    const cols = dims[1] ?? 1
    if (rows * cols > MAX_DENSE_ELEMENTS) {
      throw formatError('mat-too-large', `sparse '${name}' is ${rows}×${cols}; expanding it to dense would exceed ${MAX_DENSE_ELEMENTS} elements`, this.path)
    }
    const ir = decodeNumbers(r.next('sparse row indices'), this.littleEndian, this.path, 'sparse row indices')
    const jc = decodeNumbers(r.next('sparse column starts'), this.littleEndian, this.path, 'sparse column starts')
    const pr = decodeNumbers(r.next('sparse values'), this.littleEndian, this.path, 'sparse values')
    const pi = isComplex ? decodeNumbers(r.next('sparse imaginary values'), this.littleEndian, this.path, 'sparse imaginary values') : null
    const data = new Float64Array(rows * cols)
    const imag = pi ? new Float64Array(rows * cols) : null
    const nnz = Math.min(jc[cols] ?? 0, ir.length, nzmax || ir.length)
    for (let c = 0; c < cols; c++) {
      for (let k = jc[c]; k < jc[c + 1] && k < nnz; k++) {
        const row = ir[k]
        if (row < 0 || row >= rows) throw formatError('mat-corrupt', `sparse '${name}' has row index ${row} outside 0..${rows - 1}`, this.path)
        // Logical sparse arrays may omit the values; every stored entry is then true.
        data[row * cols + c] = k < pr.length ? pr[k] : 1
        if (imag && pi) imag[row * cols + c] = pi[k]
      }
    }
    const result: MatVariable = { name, class: isLogical ? 'logical' : 'double', dims, data, sparse: true }
    if (imag) result.imag = imag
    return result
  }
}

function utf8Codes(bytes: Uint8Array): Float64Array {
  const text = new TextDecoder('utf-8').decode(bytes)
  return Float64Array.from(Array.from(text, (ch) => ch.codePointAt(0) ?? 0))
}

function looksLikeV73(buf: Uint8Array, headerText: string): boolean {
  if (/^MATLAB 7\.3/.test(headerText)) return true
  const hdf5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
  return buf.length >= 520 && hdf5.every((b, i) => buf[512 + i] === b)
}

/**
 * Read every variable of a v5 MAT-file, in file order. `path` only decorates error messages.
 * Errors: 'mat-v73', 'mat-bad-header' (not a v5 file), 'mat-truncated', 'mat-corrupt', 'mat-too-large'.
 */
export function readMat(buf: Uint8Array, path?: string): Map<string, MatVariable> {
  const headerText = new TextDecoder('latin1').decode(buf.subarray(0, Math.min(116, buf.length)))
  if (looksLikeV73(buf, headerText)) throw formatError('mat-v73', V73_MESSAGE, path)
  if (buf.length < 128) {
    throw formatError('mat-bad-header', `file is ${buf.length} bytes; a v5 MAT-file has a 128-byte header`, path)
  }
  const indicator = String.fromCharCode(buf[126], buf[127])
  if (indicator !== 'IM' && indicator !== 'MI') {
    const hint = headerText.startsWith('MATLAB') ? '' : ' (no "MATLAB 5.0 MAT-file" header text: a v4 MAT-file or not a MAT-file)'
    throw formatError('mat-bad-header', `expected endian indicator 'IM' or 'MI' at byte 126, found ${JSON.stringify(indicator)}${hint}`, path)
  }
  const littleEndian = indicator === 'IM'
  const parser = new MatParser(littleEndian, path)
  const vars = new Map<string, MatVariable>()
  // MATLAB stores class-system data (for opaque objects) as one unnamed variable at this offset.
  const headerView = new DataView(buf.buffer, buf.byteOffset, 128)
  const subsystemOffset = Number(headerView.getBigUint64(116, littleEndian))
  const top = new ElementReader(buf, littleEndian, path, 128)
  let index = 0
  while (!top.done) {
    if (buf.length - top.pos < 8) break // trailing padding
    const elementStart = top.pos
    let el = top.next(`variable #${index + 1}`)
    if (subsystemOffset !== 0 && elementStart === subsystemOffset) continue
    if (el.type === MI_COMPRESSED) {
      let inflated: Uint8Array
      try {
        inflated = inflateSync(el.bytes)
      } catch (err) {
        throw formatError('mat-corrupt', `compressed variable #${index + 1} does not inflate: ${(err as Error).message}`, path)
      }
      el = new ElementReader(inflated, littleEndian, path).next(`compressed variable #${index + 1}`)
    }
    index++
    if (el.type !== MI_MATRIX) continue // MATLAB writes nothing else at top level; skip unknowns
    const variable = parser.matrix(el.bytes, `var${index}`)
    vars.set(variable.name, variable)
  }
  return vars
}

export interface MatArray2d {
  width: number
  height: number
  /** row-major, height rows of width values */
  data: Float64Array
}

function as2d(v: MatVariable): MatArray2d | null {
  if (!NUMERIC_CLASSES.has(v.class) || v.data.length === 0) return null
  const significant = v.dims.slice(2).every((d) => d === 1)
  if (v.dims.length < 2 || !significant) return null
  return { height: v.dims[0], width: v.dims[1], data: v.data }
}

/**
 * The named variable as a 2-D array (trailing singleton dims allowed), or, without a key,
 * the first 2-D numeric/logical variable in file order.
 * Errors: 'mat-key-missing' (lists the keys present), 'mat-not-2d', 'mat-no-2d-array'.
 */
export function matArray2d(vars: Map<string, MatVariable>, key?: string, path?: string): MatArray2d {
  if (key !== undefined) {
    const v = vars.get(key)
    if (!v) {
      const present = [...vars.keys()]
      throw formatError(
        'mat-key-missing',
        `no variable '${key}' in MAT-file; present: ${present.length ? present.map((k) => `'${k}'`).join(', ') : '(none)'}`,
        path
      )
    }
    const arr = as2d(v)
    if (!arr) throw formatError('mat-not-2d', `variable '${key}' is ${v.class} [${v.dims.join('×')}], not a 2-D numeric array`, path)
    return arr
  }
  for (const v of vars.values()) {
    const arr = as2d(v)
    if (arr) return arr
  }
  const listed = [...vars.values()].map((v) => `'${v.name}' ${v.class} [${v.dims.join('×')}]`).join(', ')
  throw formatError('mat-no-2d-array', `no 2-D numeric variable in MAT-file; present: ${listed || '(none)'}`, path)
}
