// Per-time-step gradients of recurrent layers: ‖∂L/∂h_t‖ for every t, one-shot or over training.
export {
  applyWithStepProbe, inspectGradients, stepGradients,
  type GradientInspection, type HiddenStepProbe, type StepGradients,
} from './probe.js';
export { GradientNormRecorder, gradientNormsCallback, firstLastRatio, type GradientNormsCallbackOptions } from './recorder.js';
