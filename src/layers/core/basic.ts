import { ValueError } from '../../errors.js';
import { mul } from '../../ops/elementwise.js';
import { dropout } from '../../ops/random.js';
import { Rng, getGlobalRng } from '../../tensor/rng.js';
import { Tensor, allocArray } from '../../tensor/tensor.js';
import { activationName, getActivation, type ActivationId } from '../activations.js';
import { Layer, single, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type MaskOutput, type Shape } from '../layer.js';
import { registerLayer } from '../registry.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of the inputs to drop, in [0, 1). */
  rate: number;
  /** Shape of the mask (null = the input's size on that axis; 1 shares a draw along the axis). */
  noiseShape?: Shape | null;
  /** Seed of a generator owned by the layer; without it the model's generator (opts.rng) is used. */
  seed?: number | null;
}

/** Inverted dropout in training (kept values × 1/(1 − rate)); identity in inference. */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: Shape | null;
  readonly seed: number | null;
  private readonly ownRng: Rng | null;

  constructor(args: DropoutArgs) {
    super(args);
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`${this.name} (Dropout): rate must be in [0, 1), got ${String(args.rate)}.`);
    }
    this.rate = args.rate;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
    this.ownRng = this.seed != null ? new Rng(this.seed) : null;
    this.supportsMasking = true;
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    if (!opts.training || this.rate === 0) return x;
    const rng = this.ownRng ?? opts.rng ?? getGlobalRng();
    return dropout(x, this.rate, rng, this.noiseShape ?? undefined);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}

export interface ActivationArgs extends LayerArgs {
  activation: ActivationId;
}

/** Applies an activation function ('relu', 'softmax', ...) to its input. */
export class Activation extends Layer {
  readonly className = 'Activation';
  readonly activation: ActivationId;
  private readonly fn: (x: Tensor) => Tensor;

  constructor(args: ActivationArgs) {
    super(args);
    if (args.activation == null) throw new ValueError(`${this.name} (Activation): give an activation, e.g. {activation: 'relu'}.`);
    this.activation = args.activation;
    this.fn = getActivation(args.activation);
    this.supportsMasking = true;
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    return this.fn(single(this, inputs));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: activationName(this.activation) };
  }
}

export interface MaskingArgs extends LayerArgs {
  /** Time steps whose features all equal this value are masked. Default 0. */
  maskValue?: number;
}

/**
 * Masks time steps whose features all equal maskValue: mask[b, t] = any(x[b, t, :] != maskValue),
 * output = x · mask (masked steps become 0), and the mask goes to the next layers.
 */
export class Masking extends Layer {
  readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = args.maskValue ?? 0;
    this.supportsMasking = true;
  }

  /** The mask as a flat 0/1 array over all axes but the last ([...x.shape[:-1]]). */
  private maskData(x: Tensor): Float32Array {
    const last = x.shape[x.rank - 1] ?? 1;
    const rows = last === 0 ? 0 : x.size / last;
    const m = new Float32Array(rows); // mask [...x.shape[:-1]]
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < last; j++) {
        if (x.data[r * last + j] !== this.maskValue) {
          m[r] = 1;
          break;
        }
      }
    }
    return m;
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    if (x.rank < 2) throw new ValueError(`${this.name} (Masking): expected an input of rank >= 2 ([batch, ..., features]), got rank ${x.rank}.`);
    const m = this.maskData(x);
    const data = allocArray(x.dtype === 'float64' ? 'float64' : 'float32', m.length);
    data.set(m);
    const mask = new Tensor(data, [...x.shape.slice(0, -1), 1]); // mask [..., 1]
    return mul(x, mask);
  }

  override computeMask(inputs: LayerInput, _mask: MaskOutput | undefined): MaskOutput {
    const x = single(this, inputs);
    return new Tensor(this.maskData(x), x.shape.slice(0, -1));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

registerLayer('Dropout', (c) => new Dropout(c as unknown as DropoutArgs));
registerLayer('Activation', (c) => new Activation(c as unknown as ActivationArgs));
registerLayer('Masking', (c) => new Masking(c as MaskingArgs));
