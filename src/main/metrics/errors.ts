/** Raised when a metric receives a map it cannot score (bad shape, mismatched sizes, bad option). */
export class MetricInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MetricInputError'
  }
}
