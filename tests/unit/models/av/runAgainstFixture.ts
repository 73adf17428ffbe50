// Runs a graph through the ONNX Runtime executor with the shared synthetic weights and inputs,
// then compares every fixture output (the saved slice, plus whole-output statistics).
import { expect } from 'vitest'
import type { Float32Tensor, Graph } from '../../../../src/main/models/graph/types'
import { OrtExecutor } from '../../../../src/main/models/onnx/ortExecutor'
import { syntheticInput, syntheticWeights } from '../../../../src/main/models/syntheticWeights'
import { applySelection, fixtureModel, loadNpy, maxAbsDiff, outputStats, pearson } from './avFixtures'

export const TOLERANCE = 1e-4

export interface OutputCheck {
  /** fixture output name, e.g. 'stavis.logits' */
  fixture: string
  /** graph output name */
  graphOutput: string
}

export interface ComparedOutput {
  fixture: string
  maxAbsDiff: number
  correlation: number
}

/**
 * Runs `graph` on the fixture's inputs and checks each listed output; returns what was measured.
 * `overrides` replace synthetic weights the fixture did not synthesise (e.g. a stored `pe` table).
 */
export async function runAgainstFixture(
  fixtureId: string,
  graph: Graph,
  checks: readonly OutputCheck[],
  overrides: ReadonlyMap<string, Float32Tensor> = new Map()
): Promise<ComparedOutput[]> {
  const fixture = fixtureModel(fixtureId)
  const inputs: Record<string, Float32Tensor> = {}
  for (const io of graph.inputs) {
    const spec = fixture.inputs[io.name]
    if (!spec) throw new Error(`fixture '${fixtureId}' has no input '${io.name}'`)
    expect(spec.shape).toEqual([...io.shape])
    inputs[io.name] = syntheticInput(io.shape)
  }
  const weights = syntheticWeights(graph.params)
  for (const [key, tensor] of overrides) {
    if (!weights.has(key)) throw new Error(`override '${key}' is not a parameter of graph '${graph.name}'`)
    weights.set(key, tensor)
  }
  const executor = await OrtExecutor.create(graph, weights, { threads: 2, preferGpu: false })
  let results: Record<string, Float32Tensor>
  try {
    results = await executor.run(inputs)
  } finally {
    await executor.dispose()
  }
  const measured: ComparedOutput[] = []
  for (const check of checks) {
    const out = fixture.outputs.find((o) => o.name === check.fixture)
    if (!out) throw new Error(`fixture '${fixtureId}' has no output '${check.fixture}'`)
    const full = results[check.graphOutput]
    expect(full.shape).toEqual(out.full.shape)
    const expected = loadNpy(out.file)
    const got = applySelection(full, out.selection)
    expect(got.shape).toEqual(expected.shape)
    const diff = maxAbsDiff(got.data, expected.data)
    const correlation = pearson(got.data, expected.data)
    measured.push({ fixture: check.fixture, maxAbsDiff: diff, correlation })
    expect(diff, `${check.fixture}: max |ORT − PyTorch|`).toBeLessThan(TOLERANCE)
    // the synthetic weights give maps with a small spread, so also require the same structure
    expect(correlation, `${check.fixture}: correlation with PyTorch`).toBeGreaterThan(0.9999)
    const stats = outputStats(full)
    const n = full.data.length
    expect(Math.abs(stats.mean - out.full.mean)).toBeLessThan(TOLERANCE)
    expect(Math.abs(stats.std - out.full.std)).toBeLessThan(TOLERANCE)
    expect(Math.abs(stats.weightedSum - out.full.weightedSum) / n).toBeLessThan(TOLERANCE)
  }
  return measured
}
