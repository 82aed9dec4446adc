import { ShapeError, fmtShape } from '../../errors.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import { activationName, getActivation, type ActivationId } from '../activations.js';
import { initializersConfig, penaltiesConfig } from '../core/util.js';
import {
  Layer, single, type CallOptions, type ConstraintId, type InitializerId, type LayerArgs, type LayerInput,
  type LayerOutput, type RegularizerId, type Shape,
} from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkChannelsLast, checkPadding, checkStridesDilation, convGeometry, convOutLen, positiveInt, type ConvPadding } from './geometry.js';
import { conv1dOp } from './ops.js';

export interface Conv1DArgs extends LayerArgs {
  filters: number;
  /** Window length (a number, or [k] as Keras configs store it). */
  kernelSize: number | [number];
  strides?: number | [number];
  padding?: ConvPadding;
  dilationRate?: number | [number];
  activation?: ActivationId | null;
  useBias?: boolean;
  kernelInitializer?: InitializerId;
  biasInitializer?: InitializerId;
  kernelRegularizer?: RegularizerId | null;
  biasRegularizer?: RegularizerId | null;
  kernelConstraint?: ConstraintId | null;
  biasConstraint?: ConstraintId | null;
  /** Only 'channels_last' (Keras default) is supported. */
  dataFormat?: 'channels_last';
}

/**
 * Keras Conv1D: y = activation(conv(x, kernel) + bias) over the time axis of x [B, T, C] →
 * [B, T', filters]. kernel [kernelSize, C, filters] (glorotUniform), bias [filters] (zeros).
 * T' = floor((T − keff)/s) + 1 ('valid'), ceil(T/s) ('same', 'causal'), keff = (k − 1)·d + 1.
 */
export class Conv1D extends Layer {
  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: ConvPadding;
  readonly dilationRate: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  private readonly args: Conv1DArgs;
  private readonly act: (x: Tensor) => Tensor;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: Conv1DArgs) {
    super(args);
    const where = `${this.name} (Conv1D)`;
    this.filters = positiveInt(args.filters, 'filters', where);
    this.kernelSize = positiveInt(args.kernelSize, 'kernelSize', where);
    this.strides = positiveInt(args.strides ?? 1, 'strides', where);
    this.dilationRate = positiveInt(args.dilationRate ?? 1, 'dilationRate', where);
    this.padding = checkPadding(args.padding, ['valid', 'same', 'causal'] as const, where, 'valid');
    checkStridesDilation(this.strides, this.dilationRate, where);
    checkChannelsLast(args.dataFormat, where);
    this.activation = args.activation ?? 'linear';
    this.act = getActivation(this.activation);
    this.useBias = args.useBias ?? true;
    this.args = args;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const inCh = shape[2];
    if (shape.length !== 3 || inCh == null) {
      throw new ShapeError(`${this.name} (Conv1D): expected input of rank 3 [batch, steps, channels] with known channels, got ${fmtShape(shape)}.`);
    }
    this.checkLength(shape[1]);
    this.kernel = this.addWeight('kernel', [this.kernelSize, inCh, this.filters], this.args.kernelInitializer ?? 'glorotUniform', {
      regularizer: this.args.kernelRegularizer, constraint: this.args.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], this.args.biasInitializer ?? 'zeros', {
        regularizer: this.args.biasRegularizer, constraint: this.args.biasConstraint,
      });
    }
    this.built = true;
  }

  /** A 'valid' convolution needs at least keff input steps. */
  private checkLength(len: number | null): void {
    if (len == null) return;
    if (len === 0) throw new ShapeError(`${this.name} (Conv1D): the input sequence has 0 steps.`);
    if (convGeometry(len, this.kernelSize, this.strides, this.dilationRate, this.padding).outLen <= 0) {
      const keff = (this.kernelSize - 1) * this.dilationRate + 1;
      throw new ShapeError(`${this.name} (Conv1D): input has ${len} steps, fewer than the (dilated) kernel of ${keff} steps with padding 'valid'.`);
    }
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    const kernel = this.kernel as Variable;
    if (x.rank !== 3 || x.shape[2] !== kernel.shape[1]) {
      throw new ShapeError(`${this.name} (Conv1D): expected input of shape [batch, steps, ${kernel.shape[1]}], got ${fmtShape(x.shape)}.`);
    }
    this.checkLength(x.shape[1]);
    const y = conv1dOp(x, kernel, this.bias, { stride: this.strides, dilation: this.dilationRate, padding: this.padding }); // y [B, T', F]
    return this.act(y);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], convOutLen(s[1], this.kernelSize, this.strides, this.dilationRate, this.padding), this.filters];
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
      useBias: this.useBias,
      ...initializersConfig(a, { kernel: 'glorotUniform', bias: 'zeros' }),
      ...penaltiesConfig(a, ['kernel', 'bias']),
    };
  }
}

registerLayer('Conv1D', (c) => new Conv1D(c as unknown as Conv1DArgs));
