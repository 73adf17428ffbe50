// Stage declarations: where each model's graph is cut so an inference run can compute a clip's
// visual features once and re-run only the audio and fusion stages per audio condition (real,
// zero, random, shuffled: "does the model listen?"). A stage names its inputs (graph inputs or
// marks) and outputs (marks or graph outputs); the builders set the marks (MARKS below), so the
// same declaration holds for every input shape and batch size. Stages are listed in execution
// order; each input is a graph input or an earlier stage's output.

/** visual: clip → features; audio: waveform → features; fusion: both → map; decoder: visual features → map */
export type StageName = 'visual' | 'audio' | 'fusion' | 'decoder'

export interface StageSpec {
  name: StageName
  /** graph input names or mark names */
  inputs: readonly string[]
  /** mark names or graph output names */
  outputs: readonly string[]
  description: string
  /**
   * A fusion stage: the visual and audio features it combines (inputs of this stage), whose L2
   * norms an audio-swap study compares (the thesis's Table 5.4, "feature norm").
   */
  fused?: { visual: string; audio: string }
}

/** Mark names the builders set (GraphBuilder.mark). */
export const MARKS = {
  /** S3D features ViNet's decoder reads: y0 (base4), y1 (base3), y2 (base2), y3 (base1) */
  s3d: ['y0', 'y1', 'y2', 'y3'],
  /** SoundNet-8 features (AViNet conv7 (N,1024,T,1); STAViS after its final pool (N,1024,1,1)) */
  audio: 'audio',
  /** STAViS: the four DSAM side features concatenated (N,64,H,W) */
  stavisSides: 'sides',
  /** STAViS: ResNet layer2 output, the visual input of the audio-visual fusion3 */
  stavisLayer2: 'layer2'
} as const

const S3D = MARKS.s3d

/** ViNet: S3D encoder once, DecoderConvUp as a second stage. */
export const VINET_STAGES: readonly StageSpec[] = [
  { name: 'visual', inputs: ['clip'], outputs: S3D, description: 'S3D encoder: clip → y0..y3' },
  { name: 'decoder', inputs: S3D, outputs: ['saliency'], description: 'DecoderConvUp: y0..y3 → saliency' }
]

/** AViNet, every fusion: the visual stage holds no audio-dependent node; fusion + decoder run per audio condition. */
export const AVINET_STAGES: readonly StageSpec[] = [
  { name: 'visual', inputs: ['clip'], outputs: S3D, description: 'S3D encoder: clip → y0..y3' },
  { name: 'audio', inputs: ['waveform'], outputs: [MARKS.audio], description: 'SoundNet-8 conv1–conv7: waveform → audio features' },
  {
    name: 'fusion',
    inputs: [...S3D, MARKS.audio],
    outputs: ['saliency'],
    description: 'audio-visual fusion of y0, then the ViNet decoder: → saliency',
    fused: { visual: 'y0', audio: MARKS.audio }
  }
]

/** STAViS audio-visual: ResNet + DSAM (side features, layer2) once; SoundNet; fusion3 + fuseav + sigmoid. */
export const STAVIS_STAGES: readonly StageSpec[] = [
  {
    name: 'visual',
    inputs: ['clip'],
    outputs: [MARKS.stavisSides, MARKS.stavisLayer2],
    description: 'ResNet-50 layers 1–3 with DSAM: clip → side features (N,64,H,W) and layer2 (N,512,T/4,H/8,W/8)'
  },
  { name: 'audio', inputs: ['waveform'], outputs: [MARKS.audio], description: 'SoundNet-8: waveform → audio features (N,1024,1,1)' },
  {
    name: 'fusion',
    inputs: [MARKS.stavisSides, MARKS.stavisLayer2, MARKS.audio],
    outputs: ['logits', 'saliency'],
    description: 'fusion3 (bilinear audio-visual map) + fuseav + sigmoid: → logits, saliency',
    fused: { visual: MARKS.stavisLayer2, audio: MARKS.audio }
  }
]

/** STAViS visual-only: the side maps are graph outputs of the visual stage; `fuse` + sigmoid decode. */
export const STAVIS_VISUAL_STAGES: readonly StageSpec[] = [
  {
    name: 'visual',
    inputs: ['clip'],
    outputs: [MARKS.stavisSides, 'side1', 'side2', 'side3', 'side4'],
    description: 'ResNet-50 layers 1–3 with DSAM: clip → side features and the four side maps'
  },
  { name: 'decoder', inputs: [MARKS.stavisSides], outputs: ['logits', 'saliency'], description: 'fuse + sigmoid: side features → logits, saliency' }
]

/** Centre bias: one stage; the map depends on the clip's shape only. */
export const CENTER_BIAS_STAGES: readonly StageSpec[] = [{ name: 'visual', inputs: ['clip'], outputs: ['saliency'], description: 'the fixed Gaussian map' }]

/** A feature extractor is one stage. */
export const singleStage = (name: 'visual' | 'audio', input: string, output: string, description: string): readonly StageSpec[] => [
  { name, inputs: [input], outputs: [output], description }
]
