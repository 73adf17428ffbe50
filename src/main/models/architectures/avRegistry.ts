// Registry entries for the audio-visual models. Their types come from './spec', not './index', so
// index.ts can register these with `AV_MODEL_SPECS.forEach(registerModel)` without an import cycle.
import type { InputSpec, ModelSpec, PreprocessingFacts } from './spec'
import { AVINET_AUDIO_SAMPLES, buildAvinet, type AvinetFusion } from './avinet'
import { buildSoundnet8Avinet, buildSoundnet8Stavis } from './soundnet'
import { AVINET_SALIENCY, STAVIS_SALIENCY } from './saliency'
import { AVINET_STAGES, singleStage, STAVIS_STAGES, STAVIS_VISUAL_STAGES } from './stages'
import { buildStavis, STAVIS_AUDIO_SAMPLES } from './stavis'
import { AppError } from '../../../shared/errors'

/** AViNet frames are prepared exactly as ViNet's (generate_result_audio_visual.py). */
const AVINET_PREPROCESSING: PreprocessingFacts = {
  clipFrames: 32,
  frameSize: [224, 384],
  colorOrder: 'RGB',
  pixelScale: '0-1',
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  resize: 'PIL bilinear (antialiased when downscaling) to 384×224',
  target: 'last',
  postprocess: 'resize to the frame size (bilinear), Gaussian blur 11×11 σ=2 (reflect-101), min-max to [0,1], ×255 uint8'
}

const STAVIS_PREPROCESSING: PreprocessingFacts = {
  clipFrames: 16,
  frameSize: [112, 112],
  colorOrder: 'RGB',
  pixelScale: '0-255',
  mean: [114.7748, 107.7354, 99.475],
  std: [1, 1, 1],
  resize: 'PIL resize to 320×240, then PIL bilinear to 112×112; ActivityNet mean subtracted, no std scaling',
  target: 'centre',
  postprocess: "sigmoid of 'logits' (the 'saliency' output), per-map min-max to uint8; the official evaluation then blurs (σ=2) and resizes to the GT size"
}

const avinetClip: InputSpec = {
  name: 'clip',
  layout: 'NCTHW',
  defaultShape: [1, 3, 32, 224, 384],
  description: 'ImageNet-normalised RGB clip, 32 frames in chronological order, exactly 224×384'
}

const avinetWaveform: InputSpec = {
  name: 'waveform',
  layout: 'N1L1',
  defaultShape: [1, 1, AVINET_AUDIO_SAMPLES, 1],
  description: "the clip's audio span × symmetric Hann window, centred in a 70560-sample zero buffer, samples scaled to ±256"
}

const stavisClip: InputSpec = {
  name: 'clip',
  layout: 'NCTHW',
  defaultShape: [1, 3, 16, 112, 112],
  description: 'RGB clip in 0–255 minus the ActivityNet mean, 16 frames; the map belongs to the centre frame'
}

const stavisWaveform: InputSpec = {
  name: 'waveform',
  layout: 'N11L',
  defaultShape: [1, 1, 1, STAVIS_AUDIO_SAMPLES],
  description: "the clip's audio span × symmetric Hann window, centred in a 35280-sample zero buffer, samples scaled to ±256"
}

function shapesOf(shapes: ReadonlyArray<readonly number[]>, count: number, model: string): Array<readonly number[]> {
  if (shapes.length < count) throw new AppError('bad-argument', `${model}: expected ${count} input shapes (${count === 2 ? 'clip, waveform' : 'input'}), found ${shapes.length}`)
  return shapes.slice(0, count)
}

function avinetSpec(fusion: AvinetFusion, description: string): ModelSpec {
  const name = `avinet-${fusion}`
  return {
    name,
    description,
    build: (shapes) => {
      const [clip, waveform] = shapesOf(shapes, 2, name)
      return buildAvinet(fusion, clip, waveform)
    },
    inputs: [avinetClip, avinetWaveform],
    output: 'saliency',
    needsWeights: true,
    preprocessing: AVINET_PREPROCESSING,
    stages: AVINET_STAGES,
    saliency: AVINET_SALIENCY
  }
}

export const AV_MODEL_SPECS: readonly ModelSpec[] = [
  avinetSpec('bilinear', 'AViNet (released): ViNet + SoundNet-8, per-channel nn.Bilinear(42,3,336) fusion of y0 with conv7 audio'),
  avinetSpec('concat', 'AViNet, thesis §3.3.1 concatenation fusion: time-max-pooled audio tiled, concatenated with y0, 1×1×1 conv 2048→1024'),
  avinetSpec(
    'transformer',
    'AViNet, ViNet code transformer fusion: 336 video + 3 audio tokens (d=512) + stored positional table, 3 post-norm encoder layers (4 heads), video tokens ++ mean audio token to the decoder'
  ),
  avinetSpec(
    'attention',
    'AViNet, thesis §3.3.2 cross + self attention fusion (no public code; choices in the fixtures CHOICES.md): audio→video and video→audio cross layers, one self-attention layer, 4 heads, d=512'
  ),
  {
    name: 'stavis',
    description: 'STAViS audio-visual (ResNet-50 layers 1–3, DSAM, SoundNet-8, bilinear fusion); 16-frame clips, centre-frame map',
    build: (shapes) => {
      const [clip, waveform] = shapesOf(shapes, 2, 'stavis')
      return buildStavis('audiovisual', clip, waveform)
    },
    inputs: [stavisClip, stavisWaveform],
    output: 'saliency',
    needsWeights: true,
    preprocessing: STAVIS_PREPROCESSING,
    stages: STAVIS_STAGES,
    saliency: STAVIS_SALIENCY
  },
  {
    name: 'stavis-visual',
    description: 'STAViS visual-only (same checkpoint layout; fuse over the four DSAM side features)',
    build: (shapes) => buildStavis('visual', shapesOf(shapes, 1, 'stavis-visual')[0]),
    inputs: [stavisClip],
    output: 'saliency',
    needsWeights: true,
    preprocessing: STAVIS_PREPROCESSING,
    stages: STAVIS_VISUAL_STAGES,
    saliency: STAVIS_SALIENCY
  },
  {
    name: 'soundnet8-avinet',
    description: 'SoundNet-8 conv1–conv7 in AViNet layout (soundnet8_final.pth keys); output conv7 features',
    build: (shapes) => buildSoundnet8Avinet(shapesOf(shapes, 1, 'soundnet8-avinet')[0]),
    inputs: [avinetWaveform],
    output: 'features',
    needsWeights: true,
    preprocessing: null,
    stages: singleStage('audio', 'waveform', 'features', 'SoundNet-8 conv1–conv7: waveform → features')
  },
  {
    name: 'soundnet8-stavis',
    description: 'SoundNet-8 in STAViS layout (soundnet8.N keys, (1,k) kernels, final (1,2) max-pool); output 1024 features',
    build: (shapes) => buildSoundnet8Stavis(shapesOf(shapes, 1, 'soundnet8-stavis')[0]),
    inputs: [stavisWaveform],
    output: 'features',
    needsWeights: true,
    preprocessing: null,
    stages: singleStage('audio', 'waveform', 'features', 'SoundNet-8 (STAViS layout): waveform → features')
  }
]
