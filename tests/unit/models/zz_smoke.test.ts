import { it, expect } from 'vitest'
import { buildVinet } from '/work/main/src/main/models/architectures/vinet'
import { OrtExecutor } from '/work/main/src/main/models/onnx'
import { syntheticWeights, syntheticInput } from '/work/main/src/main/models/syntheticWeights'
import { graphCost, paramCount } from '/work/main/src/main/models/graph'
it('smoke', async () => {
  const g = buildVinet([1, 3, 32, 64, 96])
  console.log(g.nodes.length, g.params.length, g.ignoredKeys.length, paramCount(g), graphCost(buildVinet([1,3,32,224,384])).macs/1e9)
  const w = syntheticWeights(g.params)
  const ex = await OrtExecutor.create(g, w, { threads: 1 })
  const t0 = performance.now()
  const out = await ex.run({ clip: syntheticInput([1, 3, 32, 64, 96]) })
  console.log(ex.provider, out.saliency.shape, out.saliency.data.slice(0, 5), performance.now() - t0)
  expect(out.saliency.shape).toEqual([1, 64, 96])
}, 120000)
