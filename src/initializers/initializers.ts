import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { sizeOf } from '../tensor/tensor.js';
import { numberOption, seedOption } from './config.js';
import { computeFans } from './fans.js';
import { householderQR } from './qr.js';

/** Makes the initial values of a weight. Values are float32; `rng` is the model's seeded generator. */
export interface Initializer {
  /** Keras class name ('GlorotUniform', 'Orthogonal', ...). */
  readonly className: string;
  init(shape: readonly number[], rng: Rng): Float32Array;
  /** Constructor arguments in camelCase (Keras names). */
  getConfig(): Record<string, unknown>;
}

/** Options shared by the random initializers: a fixed seed makes every call give the same values. */
export interface SeedOptions {
  seed?: number | null;
}

/** The generator to draw from: a fresh one from a fixed seed, else the caller's. */
function pickRng(seed: number | null, rng: Rng): Rng {
  return seed === null ? rng : new Rng(seed);
}

/** Standard normal truncated to [−2, 2] by redrawing (as Keras / TF truncated_normal). */
function truncatedStd(rng: Rng): number {
  for (;;) {
    const x = rng.normal();
    if (x >= -2 && x <= 2) return x;
  }
}

export class Zeros implements Initializer {
  readonly className = 'Zeros';
  init(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape)); // [...shape]
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Ones implements Initializer {
  readonly className = 'Ones';
  init(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape)).fill(1); // [...shape]
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Constant implements Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(opts: { value?: number } = {}) {
    this.value = numberOption('Constant', 'value', opts.value, 0);
  }
  init(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape)).fill(this.value); // [...shape]
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

export interface RandomNormalOptions extends SeedOptions {
  mean?: number;
  stddev?: number;
}

export class RandomNormal implements Initializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(opts: RandomNormalOptions = {}, where = 'RandomNormal') {
    this.mean = numberOption(where, 'mean', opts.mean, 0);
    this.stddev = numberOption(where, 'stddev', opts.stddev, 0.05);
    if (this.stddev < 0) throw new ValueError(`${where}: stddev must be >= 0, got ${this.stddev}.`);
    this.seed = seedOption(where, opts.seed);
  }
  init(shape: readonly number[], rng: Rng): Float32Array {
    const r = pickRng(this.seed, rng);
    const out = new Float32Array(sizeOf(shape)); // out [...shape]
    for (let i = 0; i < out.length; i++) out[i] = this.mean + this.stddev * r.normal();
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/** Normal values more than 2 standard deviations from the mean are redrawn. */
export class TruncatedNormal extends RandomNormal {
  override readonly className = 'TruncatedNormal';
  constructor(opts: RandomNormalOptions = {}) {
    super(opts, 'TruncatedNormal');
  }
  override init(shape: readonly number[], rng: Rng): Float32Array {
    const r = pickRng(this.seed, rng);
    const out = new Float32Array(sizeOf(shape)); // out [...shape]
    for (let i = 0; i < out.length; i++) out[i] = this.mean + this.stddev * truncatedStd(r);
    return out;
  }
}

export interface RandomUniformOptions extends SeedOptions {
  minval?: number;
  maxval?: number;
}

export class RandomUniform implements Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(opts: RandomUniformOptions = {}) {
    this.minval = numberOption('RandomUniform', 'minval', opts.minval, -0.05);
    this.maxval = numberOption('RandomUniform', 'maxval', opts.maxval, 0.05);
    if (this.maxval < this.minval) {
      throw new ValueError(`RandomUniform: maxval (${this.maxval}) must be >= minval (${this.minval}).`);
    }
    this.seed = seedOption('RandomUniform', opts.seed);
  }
  init(shape: readonly number[], rng: Rng): Float32Array {
    const r = pickRng(this.seed, rng);
    const out = new Float32Array(sizeOf(shape)); // out [...shape]
    for (let i = 0; i < out.length; i++) out[i] = r.uniform(this.minval, this.maxval);
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type VarianceDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

export interface VarianceScalingOptions extends SeedOptions {
  scale?: number;
  /** 'fanIn' | 'fanOut' | 'fanAvg' (Keras spellings 'fan_in' ... accepted). */
  mode?: string;
  /** 'truncatedNormal' | 'untruncatedNormal' | 'uniform' ('normal' means truncated, as in Keras). */
  distribution?: string;
}

const MODES: Record<string, FanMode> = { fanin: 'fanIn', fanout: 'fanOut', fanavg: 'fanAvg' };
const DISTRIBUTIONS: Record<string, VarianceDistribution> = {
  truncatednormal: 'truncatedNormal', normal: 'truncatedNormal', untruncatednormal: 'untruncatedNormal', uniform: 'uniform',
};

/**
 * Keras VarianceScaling: with n the fan of `mode`, uniform draws from ±√(3·scale/n), the truncated
 * normal has stddev √(scale/n)/0.8796… (the std of a unit normal truncated at ±2), the untruncated
 * normal stddev √(scale/n).
 */
export class VarianceScaling implements Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: VarianceDistribution;
  readonly seed: number | null;
  constructor(opts: VarianceScalingOptions = {}) {
    this.scale = numberOption('VarianceScaling', 'scale', opts.scale, 1);
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: scale must be > 0, got ${this.scale}.`);
    const mode = MODES[String(opts.mode ?? 'fanIn').replace(/_/g, '').toLowerCase()];
    if (!mode) throw new ValueError(`VarianceScaling: mode must be one of fanIn, fanOut, fanAvg, got '${opts.mode}'.`);
    const dist = DISTRIBUTIONS[String(opts.distribution ?? 'truncatedNormal').replace(/_/g, '').toLowerCase()];
    if (!dist) {
      throw new ValueError(`VarianceScaling: distribution must be one of truncatedNormal, untruncatedNormal, uniform, got '${opts.distribution}'.`);
    }
    this.mode = mode;
    this.distribution = dist;
    this.seed = seedOption('VarianceScaling', opts.seed);
  }
  init(shape: readonly number[], rng: Rng): Float32Array {
    const r = pickRng(this.seed, rng);
    const { fanIn, fanOut } = computeFans(shape);
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const s = this.scale / Math.max(1, n);
    const out = new Float32Array(sizeOf(shape)); // out [...shape]
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * s);
      for (let i = 0; i < out.length; i++) out[i] = r.uniform(-limit, limit);
    } else if (this.distribution === 'truncatedNormal') {
      const std = Math.sqrt(s) / 0.87962566103423978;
      for (let i = 0; i < out.length; i++) out[i] = std * truncatedStd(r);
    } else {
      const std = Math.sqrt(s);
      for (let i = 0; i < out.length; i++) out[i] = std * r.normal();
    }
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

/** The named VarianceScaling presets; their config is only the seed, as in Keras. */
function preset(className: string, scale: number, mode: FanMode, distribution: VarianceDistribution) {
  return class extends VarianceScaling {
    override readonly className = className;
    constructor(opts: SeedOptions = {}) {
      super({ scale, mode, distribution, seed: opts.seed });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed };
    }
  };
}

/** Uniform in ±√(6/(fanIn+fanOut)). */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Truncated normal, stddev √(2/(fanIn+fanOut)) before truncation correction. */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** Uniform in ±√(6/fanIn). */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** Uniform in ±√(3/fanIn). */
export const LecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');

/**
 * Keras Orthogonal: flatten the shape to [rows = Π leading dims, cols = last dim], take the QR of a
 * normal matrix [max, min], fix the signs so R has a positive diagonal, transpose if rows < cols,
 * and scale by gain. Rows (or columns) of the result are orthonormal.
 */
export class Orthogonal implements Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;
  constructor(opts: { gain?: number; seed?: number | null } = {}) {
    this.gain = numberOption('Orthogonal', 'gain', opts.gain, 1);
    this.seed = seedOption('Orthogonal', opts.seed);
  }
  init(shape: readonly number[], rng: Rng): Float32Array {
    if (shape.length < 2) {
      throw new ShapeError(`Orthogonal: needs a weight of rank >= 2, got shape ${fmtShape(shape)}.`);
    }
    const r = pickRng(this.seed, rng);
    const cols = shape[shape.length - 1];
    const rows = sizeOf(shape) / Math.max(cols, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = new Float64Array(m * n); // a [m, n]
    for (let i = 0; i < a.length; i++) a[i] = r.normal();
    const { q, rDiag } = householderQR(a, m, n); // q [m, n]
    const out = new Float32Array(rows * cols); // out [rows, cols] = [...shape]
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.gain * q[i * n + j] * (rDiag[j] < 0 ? -1 : 1);
        if (rows >= cols) out[i * cols + j] = v;
        else out[j * cols + i] = v; // transpose: out [n = rows, m = cols]
      }
    }
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed };
  }
}

/** gain · I for a 2D shape (rectangular allowed). */
export class Identity implements Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor(opts: { gain?: number } = {}) {
    this.gain = numberOption('Identity', 'gain', opts.gain, 1);
  }
  init(shape: readonly number[]): Float32Array {
    if (shape.length !== 2) {
      throw new ShapeError(`Identity: needs a 2D weight, got shape ${fmtShape(shape)}.`);
    }
    const [rows, cols] = shape;
    const out = new Float32Array(rows * cols); // out [rows, cols]
    for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = this.gain;
    return out;
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}
