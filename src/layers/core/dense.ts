import { ShapeError, fmtShape } from '../../errors.js';
import { add } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import { reshape } from '../../ops/shape.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import { activationName, getActivation, type ActivationId } from '../activations.js';
import {
  Layer, single, type CallOptions, type ConstraintId, type InitializerId, type LayerArgs, type LayerInput,
  type LayerOutput, type RegularizerId, type Shape,
} from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkPositiveInt, initializersConfig, penaltiesConfig } from './util.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: ActivationId | null;
  useBias?: boolean;
  kernelInitializer?: InitializerId;
  biasInitializer?: InitializerId;
  kernelRegularizer?: RegularizerId | null;
  biasRegularizer?: RegularizerId | null;
  kernelConstraint?: ConstraintId | null;
  biasConstraint?: ConstraintId | null;
}

/**
 * y = activation(x · kernel + bias) on the last axis: x [..., in] -> y [..., units].
 * kernel [in, units] (glorotUniform), bias [units] (zeros), as Keras.
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  private readonly args: DenseArgs;
  private readonly act: (x: Tensor) => Tensor;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args);
    this.units = checkPositiveInt(args.units, 'units', `${this.name} (Dense)`);
    this.activation = args.activation ?? 'linear';
    this.act = getActivation(this.activation);
    this.useBias = args.useBias ?? true;
    this.args = args;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const inDim = shape[shape.length - 1];
    if (shape.length < 2 || inDim == null) {
      throw new ShapeError(`${this.name} (Dense): expected an input of rank >= 2 with a known last axis, got ${fmtShape(shape)}.`);
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], this.args.kernelInitializer ?? 'glorotUniform', {
      regularizer: this.args.kernelRegularizer, constraint: this.args.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], this.args.biasInitializer ?? 'zeros', {
        regularizer: this.args.biasRegularizer, constraint: this.args.biasConstraint,
      });
    }
    this.built = true;
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    const kernel = this.kernel as Variable;
    const inDim = kernel.shape[0];
    if (x.rank < 2 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError(`${this.name} (Dense): expected input of shape [..., ${inDim}], got ${fmtShape(x.shape)}.`);
    }
    const lead = x.shape.slice(0, -1);
    const x2 = x.rank === 2 ? x : reshape(x, [-1, inDim]); // x2 [N, in]
    let y = matmul(x2, kernel); // y [N, units]
    if (this.bias) y = add(y, this.bias);
    if (x.rank > 2) y = reshape(y, [...lead, this.units]); // y [..., units]
    return this.act(y);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    const a = this.args;
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationName(this.activation),
      useBias: this.useBias,
      ...initializersConfig(a, { kernel: 'glorotUniform', bias: 'zeros' }),
      ...penaltiesConfig(a, ['kernel', 'bias']),
    };
  }
}

registerLayer('Dense', (c) => new Dense(c as unknown as DenseArgs));
