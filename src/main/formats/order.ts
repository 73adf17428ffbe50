/**
 * Column-major (Fortran / MATLAB) → row-major (C) reordering for n-d arrays.
 * Both orders keep the same shape; only the element order changes.
 */

interface IndexedArray<T> {
  readonly length: number
  [index: number]: T
}

/**
 * Copy `src` (column-major, first index fastest) into `dst` (row-major, last index fastest).
 * `dst` must be as long as the product of `shape`.
 */
export function columnMajorToRowMajor<T>(src: IndexedArray<T>, dst: IndexedArray<T>, shape: readonly number[]): void {
  const count = shape.reduce((a, b) => a * b, 1)
  if (src.length < count || dst.length < count) {
    throw new RangeError(`columnMajorToRowMajor: need ${count} elements, got src ${src.length}, dst ${dst.length}`)
  }
  const rank = shape.length
  if (rank <= 1 || count === 0) {
    for (let i = 0; i < count; i++) dst[i] = src[i]
    return
  }
  if (rank === 2) {
    const rows = shape[0]
    const cols = shape[1]
    for (let c = 0; c < cols; c++) {
      const base = c * rows
      for (let r = 0; r < rows; r++) dst[r * cols + c] = src[base + r]
    }
    return
  }
  // Row-major strides; walk the source in its own (first-index-fastest) order.
  const strides = new Array<number>(rank)
  strides[rank - 1] = 1
  for (let k = rank - 2; k >= 0; k--) strides[k] = strides[k + 1] * shape[k + 1]
  const index = new Array<number>(rank).fill(0)
  let target = 0
  for (let i = 0; i < count; i++) {
    dst[target] = src[i]
    for (let k = 0; k < rank; k++) {
      index[k]++
      target += strides[k]
      if (index[k] < shape[k]) break
      target -= strides[k] * shape[k]
      index[k] = 0
    }
  }
}
