import { activeTape, record, type Tape } from '../autograd/tape.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { CallOptions, LayerOutput } from '../layers/layer.js';
import { RecurrentLayer } from '../layers/rnn/base.js';
import type { FloatArray, Tensor } from '../tensor/tensor.js';

/**
 * Per-time-step hidden states of one recurrent layer call, as tensors of the active tape.
 *
 * How it works: the layer is run once on its composed path (`implementation: 'composed'`, one small
 * graph per step; the fused kernels compute the same function, equal to 1e-5, so the gradients are
 * those of the fused layer too). The composed path stacks the per-step states h_t with one `stack`
 * op at the end; its inputs ARE the tensors h_t that fed the next steps, the skip connection
 * (skipStep) and the output. After `tape.backward(loss)`, `tape.grad(h_t)` is therefore the TOTAL
 * gradient ∂L/∂h_t: through the output at t and through every later step (recurrence and highway).
 */
export interface HiddenStepProbe {
  /** The layer's output, exactly as `layer.apply(x, opts)` returned it. */
  output: LayerOutput;
  /**
   * states[t] = h_t [B, H] for INPUT time step t = 0..T−1 (for `goBackwards` layers the processing
   * order is reversed back, so states[0] is always the state after reading x_0). For LSTM this is
   * the hidden state h (not the cell state c); with skipStep it is h after the skip was added.
   */
  states: Tensor[];
  /** Batch size B, time steps T, units H. */
  batch: number;
  steps: number;
  units: number;
}

/**
 * Applies a recurrent layer (SimpleRNN, LSTM, GRU, with or without skipStep) inside the ACTIVE tape
 * (call it within `record(...)`) and returns its output and the per-step state tensors h_t.
 * The input is marked `requiresGrad` for the call so the states are recorded even when the layer is
 * frozen. Bidirectional layers are not supported: probe their forward / backward layers.
 */
export function applyWithStepProbe(layer: RecurrentLayer, x: Tensor, opts: CallOptions = {}): HiddenStepProbe {
  const where = `applyWithStepProbe(${layer instanceof RecurrentLayer ? layer.name : typeof layer})`;
  if (!(layer instanceof RecurrentLayer)) {
    throw new ValueError(`${where}: expected a recurrent layer (SimpleRNN, LSTM or GRU), got ${describe(layer)}. For a Bidirectional layer, probe its forward and backward layers.`);
  }
  const tape = activeTape();
  if (!tape) throw new ValueError(`${where}: no tape is recording; call it inside record(() => ...) so the states get gradients.`);
  if (x.rank !== 3) throw new ShapeError(`${where}: expected input [batch, time, features], got shape ${fmtShape(x.shape)}.`);
  const [B, T] = x.shape;
  const H = layer.units;
  const first = tape.records.length;
  const savedImpl = layer.implementation;
  const savedReq = x.requiresGrad;
  let output: LayerOutput;
  try {
    layer.implementation = 'composed';
    if (x.dtype !== 'int32') x.requiresGrad = true;
    output = layer.apply(x, opts);
  } finally {
    layer.implementation = savedImpl;
    x.requiresGrad = savedReq;
  }
  // The last `stack` of T tensors [B,H] recorded by this call is the composed path's state history.
  let hist: Tensor[] | null = null;
  for (let r = tape.records.length - 1; r >= first && !hist; r--) {
    const rec = tape.records[r];
    if (rec.name === 'stack' && rec.inputs.length === T && rec.inputs.every((h) => h.rank === 2 && h.shape[0] === B && h.shape[1] === H)) hist = rec.inputs;
  }
  if (!hist) throw new ValueError(`${where}: the per-step states of the call were not recorded (does the input [${B}, ${T}, ...] reach the layer's recurrence?).`);
  const states = layer.goBackwards ? [...hist].reverse() : [...hist];
  return { output, states, batch: B, steps: T, units: H };
}

/** ‖∂L/∂h_t‖ of one probed call, read from a tape after `tape.backward(loss)`. */
export interface StepGradients {
  /**
   * norms[t] = ‖∂L/∂h_t‖₂: the Frobenius norm of the gradient of the scalar loss L (as the loss
   * function returned it, e.g. the batch MEAN of the per-sample losses) with respect to the whole
   * state matrix h_t [B, H], for input time step t = 0..T−1. Length T.
   */
  norms: Float64Array;
  /**
   * perSample[b·T + t] = ‖∂L/∂h_t[b, :]‖₂, the norm of sample b's row (same L; for a mean loss the
   * rows are 1/B of the per-sample loss gradients). Row-major [B, T]. Σ_b perSample² = norms².
   */
  perSample: Float64Array;
  /** Present with `keepGradients`: grads[t] = ∂L/∂h_t as a flat [B·H] copy (float64). */
  grads?: Float64Array[];
  batch: number;
  steps: number;
  units: number;
}

/** Reads ∂L/∂h_t of every step of a probe from a tape that has run backward. Steps that do not influence L get 0. */
export function stepGradients(tape: Tape, probe: HiddenStepProbe, opts: { keepGradients?: boolean } = {}): StepGradients {
  const { batch: B, steps: T, units: H } = probe;
  const norms = new Float64Array(T); // [T]
  const perSample = new Float64Array(B * T); // [B,T]
  const grads: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const g: FloatArray | null = tape.grad(probe.states[t]); // [B*H] or null
    let total = 0;
    for (let b = 0; b < B; b++) {
      let s = 0;
      if (g) for (let j = 0; j < H; j++) s += g[b * H + j] * g[b * H + j];
      perSample[b * T + t] = Math.sqrt(s);
      total += s;
    }
    norms[t] = Math.sqrt(total);
    if (opts.keepGradients) grads.push(g ? Float64Array.from(g) : new Float64Array(B * H));
  }
  return { norms, perSample, ...(opts.keepGradients ? { grads } : {}), batch: B, steps: T, units: H };
}

/** What `inspectGradients` returns: the step gradients plus the loss value. */
export interface GradientInspection extends StepGradients {
  /** The scalar loss L the gradients are of. */
  loss: number;
}

/**
 * One-shot inspection: runs `lossOf(layer.apply(x))` on a fresh tape, back-propagates and returns
 * ‖∂L/∂h_t‖ for every time step (see StepGradients). Weights are not changed.
 *
 *     const r = inspectGradients(rnn, x, (h) => lossFn(y, head.apply(h) as Tensor));
 *     r.norms; // Float64Array [T]
 */
export function inspectGradients(
  layer: RecurrentLayer,
  x: Tensor,
  lossOf: (output: LayerOutput) => Tensor,
  opts: CallOptions & { keepGradients?: boolean } = {},
): GradientInspection {
  const { keepGradients, ...callOpts } = opts;
  const { tape, result } = record(() => {
    const probe = applyWithStepProbe(layer, x, callOpts);
    return { probe, loss: lossOf(probe.output) };
  });
  const { probe, loss } = result;
  if (loss.size !== 1) throw new ShapeError(`inspectGradients: lossOf must return a scalar loss, got shape ${fmtShape(loss.shape)}.`);
  try {
    tape.backward(loss);
    return { ...stepGradients(tape, probe, { keepGradients }), loss: loss.data[0] };
  } finally {
    tape.dispose();
  }
}

function describe(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  const c = (v as { className?: unknown }).className;
  return typeof c === 'string' ? `a ${c} layer` : 'an object that is not a recurrent layer';
}
