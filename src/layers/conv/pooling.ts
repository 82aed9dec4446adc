import type { PoolMode } from '../../backend/kernels/conv.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { mul } from '../../ops/elementwise.js';
import { max, mean, sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape.js';
import { Tensor, allocArray } from '../../tensor/tensor.js';
import {
  Layer, single, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type MaskOutput, type Shape,
} from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkChannelsLast, checkPadding, convOutLen, positiveInt, type PoolPadding } from './geometry.js';
import { pool1dOp } from './ops.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window length (default 2; a number or [n]). */
  poolSize?: number | [number];
  /** Step between windows (default poolSize). */
  strides?: number | [number] | null;
  padding?: PoolPadding;
  dataFormat?: 'channels_last';
}

function checkRank3(layer: Layer, shape: readonly (number | null)[]): void {
  if (shape.length !== 3) {
    throw new ShapeError(`${layer.name} (${layer.className}): expected input of rank 3 [batch, steps, channels], got ${fmtShape(shape)}.`);
  }
}

/** Shared body of MaxPooling1D and AveragePooling1D: x [B, T, C] → [B, T', C]. */
abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: PoolPadding;
  protected abstract readonly mode: PoolMode;

  constructor(args: Pooling1DArgs) {
    super(args);
    const where = `${this.name} (${new.target.name})`;
    this.poolSize = positiveInt(args.poolSize ?? 2, 'poolSize', where);
    this.strides = positiveInt(args.strides ?? this.poolSize, 'strides', where);
    this.padding = checkPadding(args.padding, ['valid', 'same'] as const, where, 'valid');
    checkChannelsLast(args.dataFormat, where);
  }

  override build(inputShape: Shape | Shape[]): void {
    checkRank3(this, inputShape as Shape);
    this.built = true;
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    checkRank3(this, x.shape);
    if (this.padding === 'valid' && x.shape[1] < this.poolSize) {
      throw new ShapeError(`${this.name} (${this.className}): input has ${x.shape[1]} steps, fewer than poolSize ${this.poolSize} with padding 'valid' (x ${fmtShape(x.shape)}).`);
    }
    return pool1dOp(x, this.mode, { poolSize: this.poolSize, stride: this.strides, padding: this.padding }); // [B, T', C]
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], convOutLen(s[1], this.poolSize, this.strides, 1, this.padding), s[2]];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), poolSize: [this.poolSize], strides: [this.strides], padding: this.padding, dataFormat: 'channels_last',
    };
  }
}

/** Keras MaxPooling1D: max over windows of poolSize steps (padding never wins). */
export class MaxPooling1D extends Pooling1D {
  readonly className = 'MaxPooling1D';
  protected readonly mode = 'max';
}

/** Keras AveragePooling1D: mean over windows; with 'same', padded steps are not counted (as TF). */
export class AveragePooling1D extends Pooling1D {
  readonly className = 'AveragePooling1D';
  protected readonly mode = 'avg';
}

export interface GlobalPooling1DArgs extends LayerArgs {
  /** Keep the time axis as size 1: [B, 1, C] instead of [B, C]. */
  keepdims?: boolean;
  dataFormat?: 'channels_last';
}

/** Shared body of the global poolings: x [B, T, C] → [B, C] (or [B, 1, C] with keepdims). */
abstract class GlobalPooling1D extends Layer {
  readonly keepdims: boolean;

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    checkChannelsLast(args.dataFormat, `${this.name} (${new.target.name})`);
  }

  override build(inputShape: Shape | Shape[]): void {
    checkRank3(this, inputShape as Shape);
    this.built = true;
  }

  protected abstract pool(x: Tensor, mask: Tensor | null): Tensor;

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    checkRank3(this, x.shape);
    if (x.shape[1] === 0) throw new ShapeError(`${this.name} (${this.className}): cannot pool a sequence of 0 steps (x ${fmtShape(x.shape)}).`);
    const m = Array.isArray(opts.mask) ? (opts.mask[0] ?? null) : (opts.mask ?? null);
    const y = this.pool(x, m); // y [B, C]
    return this.keepdims ? reshape(y, [x.shape[0], 1, x.shape[2]]) : y;
  }

  override computeMask(_inputs: LayerInput, _mask: MaskOutput | undefined): MaskOutput {
    return null;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return this.keepdims ? [s[0], 1, s[2]] : [s[0], s[2]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: 'channels_last', keepdims: this.keepdims };
  }
}

/** Keras GlobalMaxPooling1D: max over time (ignores masks, as Keras). */
export class GlobalMaxPooling1D extends GlobalPooling1D {
  readonly className = 'GlobalMaxPooling1D';
  protected pool(x: Tensor): Tensor {
    return max(x, 1);
  }
}

/**
 * Keras GlobalAveragePooling1D: mean over time; with a mask [B, T] only the unmasked steps count:
 * y = Σ_t m_t x_t / Σ_t m_t. A fully masked row gives zeros (Keras would divide 0 by 0).
 */
export class GlobalAveragePooling1D extends GlobalPooling1D {
  readonly className = 'GlobalAveragePooling1D';

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  protected pool(x: Tensor, mask: Tensor | null): Tensor {
    if (!mask) return mean(x, 1);
    const [B, T] = x.shape;
    if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T) {
      throw new ShapeError(`${this.name} (GlobalAveragePooling1D): mask must have shape [${B}, ${T}] (batch, steps), got ${fmtShape(mask.shape)}.`);
    }
    const w = new Tensor(allocArray(x.dtype, B * T), [B, T, 1]); // m_t / Σ m [B, T, 1]
    for (let b = 0; b < B; b++) {
      let count = 0;
      for (let t = 0; t < T; t++) if (mask.data[b * T + t] !== 0) count++;
      for (let t = 0; t < T; t++) w.data[b * T + t] = mask.data[b * T + t] !== 0 ? 1 / count : 0;
    }
    return sum(mul(x, w), 1); // [B, C]
  }
}

registerLayer('MaxPooling1D', (c) => new MaxPooling1D(c as Pooling1DArgs));
registerLayer('AveragePooling1D', (c) => new AveragePooling1D(c as Pooling1DArgs));
registerLayer('GlobalMaxPooling1D', (c) => new GlobalMaxPooling1D(c as GlobalPooling1DArgs));
registerLayer('GlobalAveragePooling1D', (c) => new GlobalAveragePooling1D(c as GlobalPooling1DArgs));
// Keras aliases.
registerLayer('MaxPool1D', (c) => new MaxPooling1D(c as Pooling1DArgs));
registerLayer('AvgPool1D', (c) => new AveragePooling1D(c as Pooling1DArgs));
registerLayer('GlobalMaxPool1D', (c) => new GlobalMaxPooling1D(c as GlobalPooling1DArgs));
registerLayer('GlobalAvgPool1D', (c) => new GlobalAveragePooling1D(c as GlobalPooling1DArgs));
