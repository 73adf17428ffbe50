// Minimal protobuf wire-format writer: varints, 32-bit floats, length-delimited fields.
// Messages are built bottom-up as byte chunks, so nested lengths are known when written.

const WIRE_VARINT = 0
const WIRE_LEN = 2
const WIRE_FIXED32 = 5

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = []
  private length = 0

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes)
    this.length += bytes.length
  }

  private tag(field: number, wire: number): void {
    this.push(encodeVarint(BigInt(field) * 8n + BigInt(wire)))
  }

  /** int32/int64/enum/bool as varint (negative numbers as 10-byte two's complement, like protoc) */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT)
    this.push(encodeVarint(BigInt.asUintN(64, BigInt(value))))
    return this
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.push(b)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN)
    this.push(encodeVarint(BigInt(value.length)))
    this.push(value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  message(field: number, inner: ProtoWriter): this {
    this.tag(field, WIRE_LEN)
    this.push(encodeVarint(BigInt(inner.length)))
    for (const c of inner.chunks) this.push(c)
    return this
  }

  /** repeated int64 in packed form */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const body = new ProtoWriter()
    for (const v of values) body.push(encodeVarint(BigInt.asUintN(64, BigInt(v))))
    return this.message(field, body)
  }

  /** repeated float in packed form */
  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(4 * values.length)
    const view = new DataView(b.buffer)
    values.forEach((v, i) => view.setFloat32(4 * i, v, true))
    return this.bytes(field, b)
  }

  get byteLength(): number {
    return this.length
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length)
    let offset = 0
    for (const c of this.chunks) {
      out.set(c, offset)
      offset += c.length
    }
    return out
  }
}

export function encodeVarint(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError(`varint: negative value ${value}`)
  const bytes: number[] = []
  let v = value
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v !== 0n) byte |= 0x80
    bytes.push(byte)
  } while (v !== 0n)
  return Uint8Array.from(bytes)
}
