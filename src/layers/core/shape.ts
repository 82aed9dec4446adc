import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add } from '../../ops/elementwise.js';
import { reshape } from '../../ops/shape.js';
import { zeros } from '../../tensor/create.js';
import { sizeOf } from '../../tensor/tensor.js';
import { Layer, single, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type Shape } from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkPositiveInt, knownSize } from './util.js';

/** Flattens all axes but the batch axis: [B, ...] -> [B, prod(...)]. */
export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    if (x.rank < 1) throw new ShapeError(`${this.name} (Flatten): expected an input with a batch axis, got a scalar.`);
    return reshape(x, [x.shape[0], sizeOf(x.shape.slice(1))]); // [B, prod(rest)]
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, knownSize(s.slice(1))];
  }
}

export interface ReshapeArgs extends LayerArgs {
  /** Target shape without the batch axis; one entry may be -1 (inferred). */
  targetShape: number[];
}

/** Reshapes each sample to targetShape: [B, ...] -> [B, ...targetShape]. */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    if (!Array.isArray(args.targetShape)) throw new ValueError(`${this.name} (Reshape): give targetShape, e.g. {targetShape: [4, 3]}.`);
    if (args.targetShape.filter((d) => d === -1).length > 1) {
      throw new ValueError(`${this.name} (Reshape): only one -1 is allowed in targetShape ${fmtShape(args.targetShape)}.`);
    }
    this.targetShape = [...args.targetShape];
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    const out = this.resolve(x.shape.slice(1));
    return reshape(x, [x.shape[0], ...(out as number[])]);
  }

  /** targetShape with -1 resolved for a sample shape (null where unknown). */
  private resolve(sample: Shape): Shape {
    const n = knownSize(sample);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (n == null) return this.targetShape.map((d) => (d === -1 ? null : d));
    const hasUnknown = this.targetShape.includes(-1);
    if ((hasUnknown && (known === 0 || n % known !== 0)) || (!hasUnknown && known !== n)) {
      throw new ShapeError(`${this.name} (Reshape): cannot reshape samples of shape ${fmtShape(sample)} (${n} values) to ${fmtShape(this.targetShape)}.`);
    }
    return this.targetShape.map((d) => (d === -1 ? n / known : d));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, ...this.resolve(s.slice(1))];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

export interface RepeatVectorArgs extends LayerArgs {
  n: number;
}

/** Repeats a vector n times: [B, D] -> [B, n, D]. */
export class RepeatVector extends Layer {
  readonly className = 'RepeatVector';
  readonly n: number;

  constructor(args: RepeatVectorArgs) {
    super(args);
    this.n = checkPositiveInt(args.n, 'n', `${this.name} (RepeatVector)`);
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    if (x.rank !== 2) throw new ShapeError(`${this.name} (RepeatVector): expected input of rank 2 [batch, features], got ${fmtShape(x.shape)}.`);
    const [b, d] = x.shape;
    const x3 = reshape(x, [b, 1, d]); // [B, 1, D]
    return add(x3, zeros([1, this.n, 1], x.dtype)); // [B, n, D] by broadcasting (gradient sums over n)
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, this.n, s[1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}

registerLayer('Flatten', (c) => new Flatten(c as LayerArgs));
registerLayer('Reshape', (c) => new Reshape(c as unknown as ReshapeArgs));
registerLayer('RepeatVector', (c) => new RepeatVector(c as unknown as RepeatVectorArgs));
