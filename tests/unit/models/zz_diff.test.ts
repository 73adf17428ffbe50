import { it } from 'vitest'
import { readFileSync } from 'node:fs'
import { readNpy } from '/work/main/src/main/formats/npy'
import { buildVinet } from '/work/main/src/main/models/architectures/vinet'
import { OrtExecutor } from '/work/main/src/main/models/onnx'
import { syntheticInput, syntheticWeights } from '/work/main/src/main/models/syntheticWeights'
it('diff', async () => {
  const g = buildVinet([1, 3, 32, 64, 96])
  const ex = await OrtExecutor.create(g, syntheticWeights(g.params), { threads: 1 })
  const out = await ex.run({ clip: syntheticInput([1, 3, 32, 64, 96]) })
  const want = readNpy(readFileSync('/work/main/tests/fixtures/models/vinet_out_64x96.npy')).data as Float32Array
  let m = 0
  out.saliency.data.forEach((v, i) => (m = Math.max(m, Math.abs(v - want[i]))))
  console.log('max abs diff', m)
}, 60000)
