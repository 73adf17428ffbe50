// PyTorch attention layers composed from graph ops, on batch-first tokens (N, L, d). PyTorch keeps
// them sequence-first (L, N, d); every op here acts per batch element, so only the layout differs.
//   multiheadAttention    nn.MultiheadAttention(d, heads) forward(query, key=value) in eval mode:
//                         packed `in_proj_weight` (3d, d) / `in_proj_bias` (3d) rows q, k, v;
//                         softmax(q kᵀ / √(d/heads)) v per head; heads concatenated; `out_proj`.
//   postNormAttentionLayer  nn.TransformerEncoderLayer (norm_first=False, activation ReLU):
//                         x = norm1(t + MHA(t, s, s)); out = norm2(x + linear2(relu(linear1(x)))).
//                         With s = t it is the encoder layer; the AViNet cross layers pass s ≠ t.
// Dropout is the identity in eval mode and is left out.
import type { GraphBuilder } from '../graph/builder'
import type { Value } from '../graph/types'
import { AppError } from '../../../shared/errors'

export interface AttentionOptions {
  heads: number
}

export interface AttentionLayerOptions extends AttentionOptions {
  /** dim_feedforward (linear1 out / linear2 in) */
  feedForward: number
  /** LayerNorm eps (PyTorch default 1e-5) */
  eps?: number
  /** the nn.MultiheadAttention attribute: 'self_attn' in nn.TransformerEncoderLayer */
  attentionName: string
}

function checkTokens(x: Value, what: string): void {
  if (x.shape.length !== 3) throw new AppError('bad-shape', `${what}: expected tokens (N, L, d), found (${x.shape.join(', ')})`)
}

/** rows [start, start + d) of the packed projection applied to x: x · W[rows]ᵀ + b[rows] */
function packedProjection(b: GraphBuilder, weight: Value, bias: Value, x: Value, start: number, d: number): Value {
  const w = b.transpose(b.slice(weight, 0, start, start + d), [1, 0]) // (d_in, d)
  return b.add(b.matmul(x, w), b.slice(bias, 0, start, start + d))
}

/** (N, L, d) → (N, heads, L, d/heads) */
function splitHeads(b: GraphBuilder, x: Value, heads: number): Value {
  const [n, l, d] = x.shape
  return b.transpose(b.reshape(x, [n, l, heads, d / heads]), [0, 2, 1, 3])
}

/**
 * nn.MultiheadAttention(d, heads) with queries from `query` (N, Lq, d) and keys = values from
 * `source` (N, Ls, d); returns (N, Lq, d). Declares `prefix.in_proj_weight`, `prefix.in_proj_bias`,
 * `prefix.out_proj.{weight,bias}`.
 */
export function multiheadAttention(b: GraphBuilder, prefix: string, query: Value, source: Value, o: AttentionOptions): Value {
  checkTokens(query, `${prefix} query`)
  checkTokens(source, `${prefix} key/value`)
  const [n, lq, d] = query.shape
  if (source.shape[0] !== n || source.shape[2] !== d) {
    throw new AppError('bad-shape', `${prefix}: query (${query.shape.join(', ')}) and key/value (${source.shape.join(', ')}) need the same batch and width`)
  }
  if (!Number.isInteger(o.heads) || o.heads <= 0 || d % o.heads !== 0) {
    throw new AppError('bad-argument', `${prefix}: embedding width ${d} is not divisible by ${o.heads} heads`)
  }
  const weight = b.paramValue(`${prefix}.in_proj_weight`, [3 * d, d])
  const bias = b.paramValue(`${prefix}.in_proj_bias`, [3 * d])
  const headDim = d / o.heads
  // PyTorch scales q by 1/√head_dim before the product
  const q = splitHeads(b, b.mul(packedProjection(b, weight, bias, query, 0, d), 1 / Math.sqrt(headDim)), o.heads)
  const k = splitHeads(b, packedProjection(b, weight, bias, source, d, d), o.heads)
  const v = splitHeads(b, packedProjection(b, weight, bias, source, 2 * d, d), o.heads)
  const scores = b.matmul(q, b.transpose(k, [0, 1, 3, 2])) // (N, heads, Lq, Ls)
  const context = b.matmul(b.softmax(scores, [3]), v) // (N, heads, Lq, head_dim)
  const joined = b.reshape(b.transpose(context, [0, 2, 1, 3]), [n, lq, d])
  return b.linear(`${prefix}.out_proj`, joined, { outFeatures: d })
}

/** Post-norm transformer layer (nn.TransformerEncoderLayer form); `source` = `target` for self-attention. */
export function postNormAttentionLayer(b: GraphBuilder, prefix: string, target: Value, source: Value, o: AttentionLayerOptions): Value {
  const d = target.shape[target.shape.length - 1]
  const eps = o.eps ?? 1e-5
  const attended = multiheadAttention(b, `${prefix}.${o.attentionName}`, target, source, o)
  const x = b.layerNorm(`${prefix}.norm1`, b.add(target, attended), { eps })
  const hidden = b.relu(b.linear(`${prefix}.linear1`, x, { outFeatures: o.feedForward }))
  return b.layerNorm(`${prefix}.norm2`, b.add(x, b.linear(`${prefix}.linear2`, hidden, { outFeatures: d })), { eps })
}

/** nn.TransformerEncoderLayer(d, heads, feedForward) in eval mode on (N, L, d). */
export function transformerEncoderLayer(b: GraphBuilder, prefix: string, x: Value, o: Omit<AttentionLayerOptions, 'attentionName'>): Value {
  return postNormAttentionLayer(b, prefix, x, x, { ...o, attentionName: 'self_attn' })
}
