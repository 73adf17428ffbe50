// Splits a raw video byte stream into whole frames, across any chunk boundaries.
import { AppError } from '../../shared/errors'

/** Cuts a byte stream into fixed-size frames; each emitted frame is a fresh array the callee owns. */
export class FrameChunker {
  private frame: Uint8Array
  private filled = 0
  private emitted = 0

  constructor(
    readonly frameBytes: number,
    private readonly onFrame: (index: number, frame: Uint8Array) => void
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) {
      throw new AppError('bad-argument', `frame size must be a positive integer number of bytes, got ${frameBytes}`)
    }
    this.frame = new Uint8Array(frameBytes)
  }

  get framesEmitted(): number {
    return this.emitted
  }

  /** Bytes of an incomplete frame held back (non-zero at the end means the stream was cut). */
  get pendingBytes(): number {
    return this.filled
  }

  push(chunk: Uint8Array): void {
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset)
      this.frame.set(chunk.subarray(offset, offset + take), this.filled)
      this.filled += take
      offset += take
      if (this.filled === this.frameBytes) {
        const full = this.frame
        this.frame = new Uint8Array(this.frameBytes)
        this.filled = 0
        this.onFrame(this.emitted++, full)
      }
    }
  }
}
