import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add, mul } from '../../ops/elementwise.js';
import { dropoutMask } from '../../ops/random.js';
import { reshape } from '../../ops/shape.js';
import { select } from '../../ops/indexing.js';
import { reverse, sliceAxis, stack } from '../../ops/slicing.js';
import { zeros } from '../../tensor/create.js';
import { getGlobalRng } from '../../tensor/rng.js';
import { Tensor, type FloatArray, type Variable } from '../../tensor/tensor.js';
import { activationName, type ActivationId } from '../activations.js';
import {
  Layer, assertRank, single, type CallOptions, type InitializerId, type LayerInput, type LayerOutput, type MaskOutput, type Shape,
} from '../layer.js';
import { RECURRENT_INITIALIZERS, checkPositiveInt, checkRate, initializersConfig, penaltiesConfig } from '../core/util.js';
import type { RecurrentArgs } from './args.js';
import { projectInputsInto, type SeqConstants } from './fused/layout.js';
import { gatheredRows, projectionTable } from '../inference.js';

/**
 * What every recurrent layer shares: argument handling, weights [kernel, recurrentKernel, bias]
 * in Keras layout, masks, dropout masks (one per sequence, training only), initial / stateful
 * states, returnSequences / returnState / goBackwards, and the two execution paths:
 * - fused: ONE op for the whole sequence (forward + BPTT in backend kernels), used when the
 *   activations are the fused ones (tanh / sigmoid) and no skipStep is set;
 * - composed: one small graph per step from ops (any activation, skipStep); the test oracle.
 */
export abstract class RecurrentLayer extends Layer {
  readonly units: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly skipStep: number;
  implementation: 'fused' | 'composed';
  /** Keras' zero_output_for_mask: masked steps of the returned sequence are 0 (Bidirectional sets it). */
  zeroOutputForMask = false;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;
  protected readonly args: RecurrentArgs;
  private states: Tensor[] | null = null;

  /** Gate blocks of the kernels (SimpleRNN 1, GRU 3, LSTM 4). */
  protected abstract readonly gates: number;
  /** Number of state tensors (LSTM 2: h, c; others 1). */
  protected abstract readonly stateCount: number;

  constructor(args: RecurrentArgs, prefix: string) {
    super(args, prefix);
    const where = `${this.name} (${prefix})`;
    this.args = args;
    this.units = checkPositiveInt(args.units, 'units', where);
    this.activation = args.activation === undefined ? 'tanh' : args.activation ?? 'linear';
    this.useBias = args.useBias ?? true;
    this.dropout = checkRate(where, 'dropout', args.dropout ?? 0);
    this.recurrentDropout = checkRate(where, 'recurrentDropout', args.recurrentDropout ?? 0);
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    const k = args.skipStep ?? 0;
    if (!Number.isInteger(k) || k < 0) throw new ValueError(`${where}: skipStep must be a non-negative integer, got ${k}.`);
    this.skipStep = k;
    const impl = args.implementation ?? 'fused';
    if (impl !== 'fused' && impl !== 'composed') throw new ValueError(`${where}: implementation must be 'fused' or 'composed', got '${String(impl)}'.`);
    this.implementation = impl;
    this.supportsMasking = true;
  }

  /** Shape of the bias weight. */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** Initializer of the bias (LSTM overrides it for unitForgetBias). */
  protected biasInitializer(): InitializerId {
    return this.args.biasInitializer ?? 'zeros';
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    assertRank(this, shape, 3);
    const D = shape[2];
    if (D === null || D === undefined) throw new ShapeError(`${this.name} (${this.className}): the feature axis of the input must be known, got ${fmtShape(shape)}.`);
    const kH = this.gates * this.units;
    const a = this.args;
    this.kernel = this.addWeight('kernel', [D, kH], a.kernelInitializer ?? 'glorotUniform',
      { regularizer: a.kernelRegularizer, constraint: a.kernelConstraint });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, kH], a.recurrentInitializer ?? 'orthogonal',
      { regularizer: a.recurrentRegularizer, constraint: a.recurrentConstraint });
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), this.biasInitializer(),
        { regularizer: a.biasRegularizer, constraint: a.biasConstraint });
    }
    this.built = true;
  }

  /** True when the fused kernels implement this layer's activations. */
  protected abstract fusable(): boolean;
  /** The fused op: [seq [B,T,H], ...final states]. */
  protected abstract runFused(x: Tensor, init: Tensor[], c: SeqConstants): Tensor[];
  /** One composed step (before masking and skip): the new states, h first. xt [B,D] (dropout applied). */
  protected abstract step(xt: Tensor, states: Tensor[], recMask: Tensor | null): Tensor[];

  override call(inputs: LayerInput, opts: CallOptions = {}): LayerOutput {
    const x = single(this, inputs);
    const where = `${this.name} (${this.className})`;
    if (x.rank !== 3) throw new ShapeError(`${where}: expected input of rank 3 [batch, time, features], got shape ${fmtShape(x.shape)}.`);
    if (x.dtype === 'int32') throw new DTypeError(`${where}: expected a float input [batch, time, features], got int32 (token ids need an embedding layer first).`);
    const [B, T, D] = x.shape;
    if (T === 0) throw new ShapeError(`${where}: the input sequence has 0 time steps (shape ${fmtShape(x.shape)}); need at least 1.`);
    const kShape = this.kernel?.shape;
    if (kShape && kShape[0] !== D) throw new ShapeError(`${where}: built for ${kShape[0]} features, got input ${fmtShape(x.shape)}.`);
    const fdt = x.dtype; // float (int32 refused above)
    const mask = this.resolveMask(opts.mask, B, T, fdt);
    const init = this.initialStates(opts.initialState, B, fdt);
    const training = opts.training === true;
    const rng = opts.rng ?? getGlobalRng();
    const inMask = training && this.dropout > 0 ? dropoutMask([B, D], this.dropout, rng, fdt) : null; // [B,D]
    const recMask = training && this.recurrentDropout > 0 ? dropoutMask([B, this.units], this.recurrentDropout, rng, fdt) : null; // [B,H]
    const useFused = this.implementation === 'fused' && this.skipStep === 0 && this.fusable();
    // Inference after an Embedding: the input projection as rows of E·W + b (src/layers/inference.ts).
    const projected = useFused && !training && !inMask ? projectionTable(this, x, (E, V) => this.projectionOf(E, V)) : null;
    const rowIds = useFused && !projected ? gatheredRows(x) : null; // an Embedding's output: repeated tokens share a projection
    const c: SeqConstants = { inMask, recMask, timeMask: mask, goBackwards: this.goBackwards, needSeq: this.returnSequences, projected, rowIds };
    const [seq0, ...finals] = useFused ? this.runFused(x, init, c) : this.runComposed(x, init, c);
    let seq = seq0;
    if (this.zeroOutputForMask && mask && this.returnSequences) {
      // seq is in processing order: reverse the mask to match when going backwards.
      const m = reshape(this.goBackwards ? reverse(mask, 1) : mask, [B, T, 1]); // [B,T,1]
      seq = select(m, seq, zeros([1], seq.dtype));
    }
    if (this.stateful) this.states = finals.map((s) => new Tensor(s.data.slice(), s.shape));
    const out = this.returnSequences ? seq : finals[0];
    return this.returnState ? [out, ...finals] : out;
  }

  /**
   * The per-step composed path (the oracle): one small graph per time step.
   *
   * Gradient highway (skipStep = k > 0, rnnkit addition). With h̃_t = cell(x_t, h_{t−1}):
   *     h_t = h̃_t + h_{t−k}   for t ≥ k (processing order),   h_t = h̃_t for t < k,
   * and a masked step still carries the whole state over unchanged (no skip added). For LSTM the
   * skip goes into h only (c is the cell's own highway). Backward:
   *     ∂L/∂h_{t−k} += ∂L/∂h_t   (identity Jacobian),
   * so the gradient reaching step t from step t + n passes through at most ⌈n/k⌉ identity jumps
   * instead of n products of cell Jacobians (each shrinks it by ≤ ‖U‖·max|act′|) — the vanishing
   * gradient of a plain RNN turns into a path whose length is divided by k. The highway runs on
   * this composed path (the fused kernels do not implement it).
   */
  private runComposed(x: Tensor, init: Tensor[], c: SeqConstants): Tensor[] {
    const [B, T, D] = x.shape;
    let states = init;
    const hist: Tensor[] = []; // h after every step, processing order
    for (let s = 0; s < T; s++) {
      const t = c.goBackwards ? T - 1 - s : s;
      let xt = reshape(sliceAxis(x, 1, t, 1), [B, D]); // [B,D]
      if (c.inMask) xt = mul(xt, c.inMask);
      const next = this.step(xt, states, c.recMask);
      if (this.skipStep > 0 && s >= this.skipStep) next[0] = add(next[0], hist[s - this.skipStep]);
      if (c.timeMask) {
        const mt = reshape(sliceAxis(c.timeMask, 1, t, 1), [B, 1]); // [B,1]
        states = next.map((n, i) => select(mt, n, states[i]));
      } else {
        states = next;
      }
      hist.push(states[0]);
    }
    return [stack(hist, 1), ...states];
  }

  /** The input mask as a float 0/1 tensor [B,T] in x's precision, or null; checks its shape. */
  private resolveMask(m: CallOptions['mask'], B: number, T: number, dtype: 'float32' | 'float64'): Tensor | null {
    const mask = Array.isArray(m) ? m[0] ?? null : m ?? null;
    if (!mask) return null;
    if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T) {
      throw new ShapeError(`${this.name} (${this.className}): mask must have shape [${B}, ${T}] (batch, time) to match the input, got ${fmtShape(mask.shape)}.`);
    }
    const data = dtype === 'float64' ? new Float64Array(mask.size) : new Float32Array(mask.size); // [B,T]
    for (let i = 0; i < mask.size; i++) data[i] = mask.data[i] !== 0 ? 1 : 0;
    return new Tensor(data, mask.shape);
  }

  /** opts.initialState, else the stored states (stateful), else zeros; each [B,H]. */
  private initialStates(given: Tensor[] | undefined, B: number, dtype: 'float32' | 'float64'): Tensor[] {
    const where = `${this.name} (${this.className})`;
    const H = this.units;
    if (given && given.length > 0) {
      if (given.length !== this.stateCount) throw new ValueError(`${where}: expected ${this.stateCount} initial state tensor(s), got ${given.length}.`);
      for (const s of given) {
        if (s.rank !== 2 || s.shape[0] !== B || s.shape[1] !== H) throw new ShapeError(`${where}: initial state must be [${B}, ${H}], got ${fmtShape(s.shape)}.`);
        if (s.dtype !== dtype) throw new DTypeError(`${where}: initial state is ${s.dtype}, the input is ${dtype}.`);
      }
      return given;
    }
    if (this.stateful && this.states) {
      if (this.states[0].shape[0] !== B) {
        throw new ShapeError(`${where}: stateful layer holds states for batch ${this.states[0].shape[0]}, got a batch of ${B}; use a fixed batch size or resetStates().`);
      }
      return this.states.map((s) => (s.dtype === dtype ? s : new Tensor(dtype === 'float64' ? Float64Array.from(s.data) : Float32Array.from(s.data), s.shape)));
    }
    return Array.from({ length: this.stateCount }, () => zeros([B, H], dtype));
  }

  /** The bias added to the input projection x·W (GRU with resetAfter: its input row), or null. */
  protected inputBias(): FloatArray | null {
    return this.bias ? this.bias.floats() : null;
  }

  /** P = E·W + b [V, G] for an embedding table E [V, D]: the input projection of every vocabulary entry. */
  private projectionOf(E: Tensor, V: number): FloatArray {
    const { W } = this.weightsOrThrow();
    const [D, G] = W.shape;
    const P = E.dtype === 'float64' ? new Float64Array(V * G) : new Float32Array(V * G); // P [V, G]
    projectInputsInto(P, E.floats(), W.floats(), this.inputBias(), V, D, G);
    return P;
  }

  /** Forgets the stored states (stateful layers start from zeros again). */
  override resetStates(): void {
    this.states = null;
  }

  /** The stored states of a stateful layer (copies), or null. */
  getStates(): Tensor[] | null {
    return this.states ? this.states.map((s) => new Tensor(s.data.slice(), s.shape)) : null;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const s = inputShape as Shape;
    assertRank(this, s, 3);
    const out: Shape = this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.stateCount }, (): Shape => [s[0], this.units])];
  }

  override computeMask(_inputs: LayerInput, mask: MaskOutput | undefined): MaskOutput {
    const m = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    const out = this.returnSequences ? m : null;
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.stateCount }, () => null)];
  }

  override getConfig(): Record<string, unknown> {
    const a = this.args;
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationName(this.activation),
      useBias: this.useBias,
      ...initializersConfig(a, RECURRENT_INITIALIZERS),
      ...penaltiesConfig(a, ['kernel', 'recurrent', 'bias']),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      ...(this.skipStep > 0 ? { skipStep: this.skipStep } : {}),
    };
  }

  /** The weights, checked to be built. */
  protected weightsOrThrow(): { W: Variable; U: Variable; b: Variable | null } {
    if (!this.kernel || !this.recurrentKernel) throw new ValueError(`${this.name}: layer is not built yet.`);
    return { W: this.kernel, U: this.recurrentKernel, b: this.bias };
  }
}
