// Every failure of the checkpoint reader is a CheckpointError with a stable code, so the API
// layer (src/main/app/errors.ts) can pass it through unchanged and tests can assert on it.

export type CheckpointErrorCode =
  | 'truncated' // the file ends before a structure it declares (entry, storage, pickle)
  | 'not-a-checkpoint' // neither a torch zip archive nor a legacy torch pickle stream
  | 'unsupported-format' // a torch format we recognise but do not read (pre-0.4 tar, exotic zip)
  | 'corrupt-pickle' // the pickle program is malformed (bad stack, unknown memo, bad byte)
  | 'unsupported-opcode' // a valid pickle opcode torch never emits and we do not run
  | 'missing-storage' // a tensor refers to a storage the file does not hold
  | 'unsupported-dtype' // a storage type with no reader (complex, quantized, float8)
  | 'bad-tensor' // shape/stride/offset that do not fit inside their storage
  | 'missing-entry' // an explicitly requested state-dict path is not in the file

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode
  readonly details?: string[]
  constructor(code: CheckpointErrorCode, message: string, details?: string[]) {
    super(message)
    this.name = 'CheckpointError'
    this.code = code
    this.details = details
  }
}
