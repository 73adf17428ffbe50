// What the inference engine needs to run a saliency model over videos, beyond its graph: the
// authors' clip schedule, frame recipe and post-processing, and whether another input size may
// be chosen. Clip length, frame size and the audio buffer come from the model's InputSpecs
// (inputs[0] the clip (N,3,T,H,W), inputs[1] the waveform when the model hears). Feature
// extractors (S3D, SoundNet) have no such facts: they are not run over videos.

export interface SaliencyFacts {
  /** 'causal': ViNet's clips ending on the target frame (reversed clips for the first frames); 'centre': STAViS's clips centred on it */
  schedule: 'causal' | 'centre'
  /** how frames are resized and normalised (the authors' loaders) */
  frames: 'vinet' | 'stavis'
  /** how a map becomes the PNG of a frame */
  postprocess: 'vinet' | 'stavis'
  /** whether a run may choose another (H, W) than the released one */
  inputSize: { choosable: true; multipleOf: number } | { choosable: false; reason: string }
  /** one line for the run notes */
  procedure: string
}

const VINET_PROCEDURE =
  'ViNet generate_result*.py: causal 32-frame clips, time-reversed clips for frames 0–30, left-padding of short videos; ' +
  'resize to the frame size, 11×11 Gaussian σ=2, min-max, uint8'

export const VINET_SALIENCY: SaliencyFacts = {
  schedule: 'causal',
  frames: 'vinet',
  postprocess: 'vinet',
  inputSize: { choosable: true, multipleOf: 32 },
  procedure: VINET_PROCEDURE
}

export const AVINET_SALIENCY: SaliencyFacts = {
  ...VINET_SALIENCY,
  inputSize: { choosable: false, reason: 'its fusion layer is sized for the 7×12 feature map' }
}

export const CENTER_BIAS_SALIENCY: SaliencyFacts = {
  ...VINET_SALIENCY,
  procedure: 'centre-bias baseline run through the ViNet procedure (32-frame causal schedule, ViNet post-processing)'
}

export const STAVIS_SALIENCY: SaliencyFacts = {
  schedule: 'centre',
  frames: 'stavis',
  postprocess: 'stavis',
  inputSize: { choosable: false, reason: 'DSAM time pools and the fusion view are fixed by the 16×112×112 clip' },
  procedure: 'STAViS test_sal.py: 16-frame clips centred on the target (frame s+8), loop-padded at the end; sigmoid map 112×112, min-max to uint8'
}
