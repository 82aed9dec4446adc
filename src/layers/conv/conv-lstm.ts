import type { UnaryFn } from '../../backend/backend.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { getInitializer, type Initializer } from '../../initializers/index.js';
import { mul } from '../../ops/elementwise.js';
import { dropoutMask } from '../../ops/random.js';
import { reshape } from '../../ops/shape.js';
import { reverse, sliceAxis } from '../../ops/slicing.js';
import { getGlobalRng, type Rng } from '../../tensor/rng.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import { activationName, unaryFnOf, type ActivationId } from '../activations.js';
import { RECURRENT_INITIALIZERS, checkRate, initializersConfig, penaltiesConfig } from '../core/util.js';
import {
  Layer, single, type CallOptions, type ConstraintId, type InitializerId, type LayerArgs, type LayerInput,
  type LayerOutput, type RegularizerId, type Shape,
} from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkChannelsLast, checkPadding, checkStridesDilation, convOutLen, positiveInt, type PoolPadding } from './geometry.js';
import { conv1dOp, convLstm1dRecurrence } from './ops.js';

export interface ConvLSTM1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number | [number];
  strides?: number | [number];
  padding?: PoolPadding;
  dilationRate?: number | [number];
  activation?: ActivationId;
  recurrentActivation?: ActivationId;
  useBias?: boolean;
  kernelInitializer?: InitializerId;
  recurrentInitializer?: InitializerId;
  biasInitializer?: InitializerId;
  unitForgetBias?: boolean;
  kernelRegularizer?: RegularizerId | null;
  recurrentRegularizer?: RegularizerId | null;
  biasRegularizer?: RegularizerId | null;
  kernelConstraint?: ConstraintId | null;
  recurrentConstraint?: ConstraintId | null;
  biasConstraint?: ConstraintId | null;
  /** Input dropout: one mask [rows, channels] per sequence, reused at every step (training only). */
  dropout?: number;
  /** Not supported yet (must be 0). */
  recurrentDropout?: number;
  returnSequences?: boolean;
  goBackwards?: boolean;
  /** Not supported yet (must be false). */
  returnState?: boolean;
  /** Not supported yet (must be false). */
  stateful?: boolean;
  dataFormat?: 'channels_last';
}

/** unitForgetBias: the bias initializer on the i, c, o blocks and ones on the f block (Keras). */
function forgetBiasInitializer(base: Initializer, filters: number): Initializer {
  return {
    className: base.className,
    getConfig: () => base.getConfig(),
    init(shape: readonly number[], rng: Rng): Float32Array {
      const out = new Float32Array(4 * filters);
      out.set(base.init([filters], rng), 0);
      out.fill(1, filters, 2 * filters);
      out.set(base.init([2 * filters], rng), 2 * filters);
      if (shape.length !== 1 || shape[0] !== 4 * filters) throw new ShapeError(`unitForgetBias: expected bias shape [${4 * filters}], got ${fmtShape(shape)}.`);
      return out;
    },
  };
}

/**
 * Keras ConvLSTM1D: an LSTM whose input and recurrent transforms are 1-D convolutions over the
 * rows axis. x [B, T, rows, C] → [B, rows', F] (last step) or [B, T, rows', F] (returnSequences).
 * kernel [k, C, 4F] (input conv: strides, padding, dilation as given), recurrentKernel [k, F, 4F]
 * (always 'same', stride 1), bias [4F]; gate blocks i, f, c, o. The input convolution of all steps
 * is one conv1d call ([B·T, rows, C]); the recurrence over the whole sequence is one fused op.
 */
export class ConvLSTM1D extends Layer {
  readonly className = 'ConvLSTM1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: PoolPadding;
  readonly dilationRate: number;
  readonly activation: UnaryFn;
  readonly recurrentActivation: UnaryFn;
  readonly useBias: boolean;
  readonly unitForgetBias: boolean;
  readonly dropout: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  private readonly args: ConvLSTM1DArgs;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: ConvLSTM1DArgs) {
    super(args);
    const where = `${this.name} (ConvLSTM1D)`;
    this.filters = positiveInt(args.filters, 'filters', where);
    this.kernelSize = positiveInt(args.kernelSize, 'kernelSize', where);
    this.strides = positiveInt(args.strides ?? 1, 'strides', where);
    this.dilationRate = positiveInt(args.dilationRate ?? 1, 'dilationRate', where);
    this.padding = checkPadding(args.padding, ['valid', 'same'] as const, where, 'valid');
    checkStridesDilation(this.strides, this.dilationRate, where);
    const act = unaryFnOf(args.activation ?? 'tanh');
    const rec = unaryFnOf(args.recurrentActivation ?? 'sigmoid');
    if (!act || !rec) throw new ValueError(`${where}: activation and recurrentActivation must be named elementwise activations (e.g. 'tanh', 'relu', 'sigmoid').`);
    this.activation = act;
    this.recurrentActivation = rec;
    this.useBias = args.useBias ?? true;
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.dropout = checkRate(where, 'dropout', args.dropout ?? 0);
    if ((args.recurrentDropout ?? 0) !== 0) throw new ValueError(`${where}: recurrentDropout is not supported yet (got ${args.recurrentDropout}); use 0.`);
    if (args.returnState) throw new ValueError(`${where}: returnState is not supported yet.`);
    if (args.stateful) throw new ValueError(`${where}: stateful is not supported yet.`);
    checkChannelsLast(args.dataFormat, where);
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.args = args;
  }

  private checkInput(shape: readonly (number | null)[]): void {
    if (shape.length !== 4 || shape[3] == null) {
      throw new ShapeError(`${this.name} (ConvLSTM1D): expected input of rank 4 [batch, steps, rows, channels] with known channels, got ${fmtShape(shape)}.`);
    }
    const rows = shape[2];
    const keff = (this.kernelSize - 1) * this.dilationRate + 1;
    if (this.padding === 'valid' && rows != null && rows < keff) {
      throw new ShapeError(`${this.name} (ConvLSTM1D): input has ${rows} rows, fewer than the (dilated) kernel of ${keff} with padding 'valid' (input ${fmtShape(shape)}).`);
    }
    if (shape[1] === 0) throw new ShapeError(`${this.name} (ConvLSTM1D): the input sequence has 0 steps (input ${fmtShape(shape)}).`);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    this.checkInput(s);
    const C = s[3] as number;
    const F = this.filters;
    const a = this.args;
    this.kernel = this.addWeight('kernel', [this.kernelSize, C, 4 * F], a.kernelInitializer ?? 'glorotUniform', {
      regularizer: a.kernelRegularizer, constraint: a.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.kernelSize, F, 4 * F], a.recurrentInitializer ?? 'orthogonal', {
      regularizer: a.recurrentRegularizer, constraint: a.recurrentConstraint,
    });
    if (this.useBias) {
      const base = a.biasInitializer ?? 'zeros';
      const init = this.unitForgetBias ? forgetBiasInitializer(getInitializer(base), F) : base;
      this.bias = this.addWeight('bias', [4 * F], init, { regularizer: a.biasRegularizer, constraint: a.biasConstraint });
    }
    this.built = true;
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    let x = single(this, inputs);
    this.checkInput(x.shape);
    const kernel = this.kernel as Variable;
    if (x.shape[3] !== kernel.shape[1]) {
      throw new ShapeError(`${this.name} (ConvLSTM1D): expected ${kernel.shape[1]} input channels, got input ${fmtShape(x.shape)}.`);
    }
    const [B, T, R, C] = x.shape;
    if (opts.training && this.dropout > 0) {
      const rng = opts.rng ?? getGlobalRng();
      const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
      x = mul(x, dropoutMask([B, 1, R, C], this.dropout, rng, dtype)); // one mask per sequence [B, T, R, C]
    }
    if (this.goBackwards) x = reverse(x, 1);
    const folded = reshape(x, [B * T, R, C]); // every step as a batch row [B·T, R, C]
    const proj = conv1dOp(folded, kernel, this.bias, { stride: this.strides, dilation: this.dilationRate, padding: this.padding }); // [B·T, R', 4F]
    const rows = proj.shape[1];
    const xProj = reshape(proj, [B, T, rows, 4 * this.filters]); // [B, T, R', 4F]
    const hSeq = convLstm1dRecurrence(xProj, this.recurrentKernel as Variable, this.activation, this.recurrentActivation); // [B, T, R', F]
    if (this.returnSequences) return hSeq;
    return reshape(sliceAxis(hSeq, 1, T - 1, 1), [B, rows, this.filters]); // last step [B, R', F]
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const rows = convOutLen(s[2], this.kernelSize, this.strides, this.dilationRate, this.padding);
    return this.returnSequences ? [s[0], s[1], rows, this.filters] : [s[0], rows, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    const a = this.args;
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [this.kernelSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
      dilationRate: [this.dilationRate],
      activation: activationName(this.activation),
      recurrentActivation: activationName(this.recurrentActivation),
      useBias: this.useBias,
      ...initializersConfig(a, RECURRENT_INITIALIZERS),
      unitForgetBias: this.unitForgetBias,
      ...penaltiesConfig(a, ['kernel', 'recurrent', 'bias']),
      dropout: this.dropout,
      recurrentDropout: 0,
      returnSequences: this.returnSequences,
      returnState: false,
      goBackwards: this.goBackwards,
      stateful: false,
    };
  }
}

registerLayer('ConvLSTM1D', (c) => new ConvLSTM1D(c as unknown as ConvLSTM1DArgs));
