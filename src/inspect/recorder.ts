import type { Tape } from '../autograd/tape.js';
import { ValueError } from '../errors.js';
import type { CallOptions, LayerOutput } from '../layers/layer.js';
import type { RecurrentLayer } from '../layers/rnn/base.js';
import type { Tensor } from '../tensor/tensor.js';
import { applyWithStepProbe, stepGradients, type HiddenStepProbe, type StepGradients } from './probe.js';

/** Options of the training-loop hook. */
export interface GradientNormsCallbackOptions {
  /** Record every `every` training steps (steps 0, every, 2·every, ...). Default 1. */
  every?: number;
  /** Called with each recording (after the backward pass of that step). */
  onNorms?: (step: number, g: StepGradients) => void;
}

/**
 * Records ‖∂L/∂h_t‖ over training in your own tape-based loop. Per training step:
 *
 *     const { tape, result } = record(() => {
 *       const h = rec.apply(step, rnn, x);                  // instead of rnn.apply(x)
 *       return lossFn(y, head.apply(h) as Tensor);
 *     });
 *     tape.backward(result);
 *     rec.collect(step, tape);                              // reads the norms on recording steps
 *     optimizer.applyGradients(...);
 *
 * On recording steps `apply` runs the layer on its composed path with a probe (same function, same
 * gradients); on the other steps it is a plain `layer.apply` (fused, fast). Afterwards `steps[s]`
 * and `norms[s]` (Float64Array [T]) hold the matrix training step × time step.
 */
export class GradientNormRecorder {
  readonly every: number;
  readonly steps: number[] = [];
  readonly norms: Float64Array[] = [];
  private readonly onNorms?: (step: number, g: StepGradients) => void;
  private pending: { step: number; probe: HiddenStepProbe } | null = null;

  constructor(opts: GradientNormsCallbackOptions = {}) {
    const every = opts.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new ValueError(`gradientNormsCallback: every must be an integer >= 1, got ${every}.`);
    this.every = every;
    this.onNorms = opts.onNorms;
  }

  /** True when training step `step` is recorded. */
  shouldRecord(step: number): boolean {
    return step % this.every === 0;
  }

  /** The layer's forward for training step `step` (inside the step's `record`). */
  apply(step: number, layer: RecurrentLayer, x: Tensor, opts: CallOptions = {}): LayerOutput {
    if (!this.shouldRecord(step)) return layer.apply(x, opts);
    const probe = applyWithStepProbe(layer, x, opts);
    this.pending = { step, probe };
    return probe.output;
  }

  /** After `tape.backward(loss)` of step `step`: stores (and reports) the norms if it was recorded. */
  collect(step: number, tape: Tape): StepGradients | null {
    if (!this.pending || this.pending.step !== step) return null;
    const g = stepGradients(tape, this.pending.probe);
    this.pending = null;
    this.steps.push(step);
    this.norms.push(g.norms);
    this.onNorms?.(step, g);
    return g;
  }

  /** The recorded norms as plain rows (training step × time step), e.g. for the HTML report. */
  matrix(): number[][] {
    return this.norms.map((r) => Array.from(r));
  }
}

/** The training-loop hook: `gradientNormsCallback({ every: 10, onNorms: (step, g) => ... })`. */
export function gradientNormsCallback(opts: GradientNormsCallbackOptions = {}): GradientNormRecorder {
  return new GradientNormRecorder(opts);
}

/**
 * ‖∂L/∂h_first‖ / ‖∂L/∂h_last‖ of one norm row: how much of the loss gradient reaches the first time
 * step compared with the last (≪ 1: vanishing; NaN when the last norm is 0 or a value is not finite).
 */
export function firstLastRatio(norms: ArrayLike<number>): number {
  if (norms.length === 0) return NaN;
  const a = norms[0];
  const b = norms[norms.length - 1];
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}
