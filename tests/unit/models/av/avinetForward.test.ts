// AViNet (released bilinear fusion and the thesis concatenation fusion) through ONNX Runtime
// against the PyTorch re-statement, full 32×224×384 clips (the fusions fix y0 to 1024×4×7×12).
import { describe, it } from 'vitest'
import { buildAvinet, type AvinetFusion } from '../../../../src/main/models/architectures/avinet'
import { runAgainstFixture } from './runAgainstFixture'

describe('AViNet through ONNX Runtime matches PyTorch', () => {
  for (const fusion of ['bilinear', 'concat'] as const satisfies readonly AvinetFusion[]) {
    it(`avinet-${fusion}: saliency map, fused decoder input and SoundNet features`, async () => {
      const graph = buildAvinet(fusion, [1, 3, 32, 224, 384], [1, 1, 70560, 1], { debugOutputs: true })
      const id = `avinet-${fusion}`
      await runAgainstFixture(id, graph, [
        { fixture: `${id}.saliency`, graphOutput: 'saliency' },
        { fixture: `${id}.fused`, graphOutput: 'fused' },
        { fixture: `${id}.audio`, graphOutput: 'audio' }
      ])
    }, 240_000)
  }
})
