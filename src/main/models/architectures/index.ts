// Model registry: name → how to build the graph, which checkpoint keys it expects, what input
// it takes and how frames must be prepared. Other model files register themselves here.
import type { ParamSpec } from '../graph/types'
import { buildCenterBias } from './centerBias'
import { CENTER_BIAS_SALIENCY, VINET_SALIENCY } from './saliency'
import { buildS3dClassifier } from './s3dClassifier'
import type { InputSpec, ModelSpec, PreprocessingFacts } from './spec'
import { CENTER_BIAS_STAGES, singleStage, VINET_STAGES } from './stages'
import { buildVinet } from './vinet'
import { AppError } from '../../../shared/errors'

export type { InputSpec, ModelSpec, PreprocessingFacts } from './spec'
export type { SaliencyFacts } from './saliency'
export { MARKS, type StageName, type StageSpec } from './stages'

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406]
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225]

export const VINET_PREPROCESSING: PreprocessingFacts = {
  clipFrames: 32,
  frameSize: [224, 384],
  colorOrder: 'RGB',
  pixelScale: '0-1',
  mean: IMAGENET_MEAN,
  std: IMAGENET_STD,
  resize: 'PIL bilinear (antialiased when downscaling) to 384×224',
  target: 'last',
  postprocess: 'resize to the frame size (bilinear), Gaussian blur 11×11 σ=2 (reflect-101), min-max to [0,1], ×255 uint8'
}

const clipInput = (frames: number, h: number, w: number, description: string): InputSpec => ({
  name: 'clip',
  layout: 'NCTHW',
  defaultShape: [1, 3, frames, h, w],
  description
})

function firstShape(shapes: ReadonlyArray<readonly number[]>, model: string): readonly number[] {
  if (shapes.length < 1) throw new AppError('unknown-model', `${model}: no input shape given`)
  return shapes[0]
}

const registry = new Map<string, ModelSpec>()

export function registerModel(spec: ModelSpec): void {
  registry.set(spec.name, spec)
}

export function modelNames(): string[] {
  return [...registry.keys()]
}

export function getModel(name: string): ModelSpec {
  const spec = registry.get(name)
  if (!spec) throw new AppError('unknown-model', `unknown model '${name}'; known models: ${modelNames().join(', ')}`)
  return spec
}

/** Every key of the official state dict for the released input configuration (used + ignored). */
export function expectedKeys(spec: ModelSpec): ParamSpec[] {
  const graph = spec.build(spec.inputs.map((i) => i.defaultShape))
  return [...graph.params, ...graph.ignoredKeys]
}

registerModel({
  name: 'vinet',
  description: 'ViNet (Jain et al. 2021): S3D encoder + DecoderConvUp, 32-frame clips, visual only',
  build: (shapes) => buildVinet(firstShape(shapes, 'vinet')),
  inputs: [clipInput(32, 224, 384, 'ImageNet-normalised RGB clip, frames in chronological order; H, W multiples of 32')],
  output: 'saliency',
  needsWeights: true,
  preprocessing: VINET_PREPROCESSING,
  stages: VINET_STAGES,
  saliency: VINET_SALIENCY
})

registerModel({
  name: 's3d-kinetics400',
  description: 'S3D Kinetics-400 classifier (kylemin/S3D layout, base.N + fc.0), ViNet backbone initialisation',
  build: (shapes) => buildS3dClassifier(firstShape(shapes, 's3d-kinetics400')),
  inputs: [clipInput(64, 224, 224, 'RGB clip scaled to [-1,1] (x·2/255 − 1); T a multiple of 8')],
  output: 'logits',
  needsWeights: true,
  preprocessing: {
    clipFrames: 64,
    frameSize: [224, 224],
    colorOrder: 'RGB',
    pixelScale: '0-255',
    mean: [127.5, 127.5, 127.5],
    std: [127.5, 127.5, 127.5],
    resize: 'frames converted BGR→RGB, then x·2/255 − 1 (kylemin/S3D, TASED-Net); not the ViNet convention',
    target: 'none',
    postprocess: 'softmax over the 400 logits'
  },
  stages: singleStage('visual', 'clip', 'logits', 'S3D trunk + fc.0: clip → logits')
})

registerModel({
  name: 'center-bias',
  description: 'Centre-bias baseline: a fixed Gaussian (σ = 0.2·H, 0.2·W) peaking at the frame centre',
  build: (shapes) => buildCenterBias(firstShape(shapes, 'center-bias')),
  inputs: [clipInput(32, 224, 384, 'any clip; only N, H and W are used')],
  output: 'saliency',
  needsWeights: false,
  preprocessing: null,
  stages: CENTER_BIAS_STAGES,
  saliency: CENTER_BIAS_SALIENCY
})

// Audio-visual models (SoundNet8, AViNet fusions, STAViS) register from their own module.
import { AV_MODEL_SPECS } from './avRegistry'

AV_MODEL_SPECS.forEach(registerModel)
