import { ValueError } from '../errors.js';
import { numberOption, resolveNamed, type SerializedObject } from '../initializers/config.js';
import { normAxes } from '../ops/util.js';
import type { FloatArray, Variable } from '../tensor/tensor.js';

/** Projects a weight back onto an allowed set, in place, after each optimizer update. */
export interface Constraint {
  /** Keras class name ('MaxNorm', 'NonNeg', 'UnitNorm', 'MinMaxNorm'). */
  readonly className: string;
  apply(w: Variable): void;
  getConfig(): Record<string, unknown>;
}

/** Keras backend epsilon, added to norms before dividing. */
const EPSILON = 1e-7;

type AxisOption = number | number[];

function axisOption(where: string, v: unknown): AxisOption {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.every((a) => typeof a === 'number' && Number.isInteger(a))) return [...(v as number[])];
  throw new ValueError(`${where}: axis must be an integer or a list of integers, got ${JSON.stringify(v)}.`);
}

/**
 * For each slice that keeps the non-reduced axes, computes the L2 norm over `axes` and rescales the
 * slice in place by f(norm) (a factor).
 */
function rescaleByNorm(w: Variable, axis: AxisOption, where: string, factor: (norm: number) => number): void {
  const x: FloatArray = w.floats(where);
  const shape = w.shape;
  const axes = new Set(normAxes(axis, shape.length, where));
  // group index of each element: its multi-index with the reduced axes dropped.
  const groupStrides = new Array<number>(shape.length).fill(0);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (axes.has(d)) continue;
    groupStrides[d] = acc;
    acc *= shape[d];
  }
  const group = new Int32Array(x.length); // group [size of w]
  const sums = new Float64Array(acc); // sums [number of slices]
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < x.length; i++) {
    let g = 0;
    for (let d = 0; d < shape.length; d++) g += idx[d] * groupStrides[d];
    group[i] = g;
    sums[g] += x[i] * x[i];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  const scale = new Float64Array(acc); // scale [number of slices]
  for (let g = 0; g < acc; g++) scale[g] = factor(Math.sqrt(sums[g]));
  for (let i = 0; i < x.length; i++) x[i] *= scale[group[i]];
}

/** Norm over `axis` clipped to at most maxValue: w ·= min(norm, maxValue) / (ε + norm). */
export class MaxNorm implements Constraint {
  readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: AxisOption;
  constructor(opts: { maxValue?: number; axis?: number | number[] } = {}) {
    this.maxValue = numberOption('MaxNorm', 'maxValue', opts.maxValue, 2);
    this.axis = axisOption('MaxNorm', opts.axis);
  }
  apply(w: Variable): void {
    rescaleByNorm(w, this.axis, 'MaxNorm', (n) => Math.min(Math.max(n, 0), this.maxValue) / (EPSILON + n));
  }
  getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Negative weights become 0. */
export class NonNeg implements Constraint {
  readonly className = 'NonNeg';
  apply(w: Variable): void {
    const x = w.floats('NonNeg');
    for (let i = 0; i < x.length; i++) if (!(x[i] >= 0)) x[i] = 0;
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** w ·= 1 / (ε + norm over axis). */
export class UnitNorm implements Constraint {
  readonly className = 'UnitNorm';
  readonly axis: AxisOption;
  constructor(opts: { axis?: number | number[] } = {}) {
    this.axis = axisOption('UnitNorm', opts.axis);
  }
  apply(w: Variable): void {
    rescaleByNorm(w, this.axis, 'UnitNorm', (n) => 1 / (EPSILON + n));
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** desired = rate·clip(norm, minValue, maxValue) + (1 − rate)·norm; w ·= desired / (ε + norm). */
export class MinMaxNorm implements Constraint {
  readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: AxisOption;
  constructor(opts: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    this.minValue = numberOption('MinMaxNorm', 'minValue', opts.minValue, 0);
    this.maxValue = numberOption('MinMaxNorm', 'maxValue', opts.maxValue, 1);
    this.rate = numberOption('MinMaxNorm', 'rate', opts.rate, 1);
    if (this.maxValue < this.minValue) {
      throw new ValueError(`MinMaxNorm: maxValue (${this.maxValue}) must be >= minValue (${this.minValue}).`);
    }
    this.axis = axisOption('MinMaxNorm', opts.axis);
  }
  apply(w: Variable): void {
    const { minValue, maxValue, rate } = this;
    rescaleByNorm(w, this.axis, 'MinMaxNorm', (n) => (rate * Math.min(Math.max(n, minValue), maxValue) + (1 - rate) * n) / (EPSILON + n));
  }
  getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export const maxNorm = (opts: { maxValue?: number; axis?: number | number[] } = {}): Constraint => new MaxNorm(opts);
export const nonNeg = (): Constraint => new NonNeg();
export const unitNorm = (opts: { axis?: number | number[] } = {}): Constraint => new UnitNorm(opts);
export const minMaxNorm = (opts: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}): Constraint =>
  new MinMaxNorm(opts);

const CONSTRAINTS: Record<string, (c: Record<string, unknown>) => Constraint> = {
  maxnorm: (c) => new MaxNorm(c),
  nonneg: () => new NonNeg(),
  unitnorm: (c) => new UnitNorm(c),
  minmaxnorm: (c) => new MinMaxNorm(c),
};

/**
 * Resolves a constraint: an instance passes through; 'maxNorm' / 'max_norm' / 'MaxNorm' (and
 * nonNeg, unitNorm, minMaxNorm) give Keras defaults; `{className, config}` the serialised form.
 */
export function getConstraint(id: string | Constraint | SerializedObject): Constraint {
  return resolveNamed('Constraint', id, (x) => typeof (x as Constraint).apply === 'function', CONSTRAINTS,
    ['maxNorm', 'nonNeg', 'unitNorm', 'minMaxNorm']);
}
