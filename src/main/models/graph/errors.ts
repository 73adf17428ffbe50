// Mistakes in a model description (bad shapes, duplicate keys) surface as GraphError at build time.
export type GraphErrorCode = 'bad-shape' | 'duplicate-param' | 'bad-argument' | 'unknown-value'

export class GraphError extends Error {
  readonly code: GraphErrorCode
  constructor(code: GraphErrorCode, message: string) {
    super(message)
    this.name = 'GraphError'
    this.code = code
  }
}
