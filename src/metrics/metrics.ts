import { noGrad } from '../autograd/tape.js';
import { checkLabelShape, checkOneHotShape, checkSparseShape } from '../losses/labels.js';
import type { LossFn } from '../losses/loss.js';
import type { FloatArray, Tensor, TypedArray } from '../tensor/tensor.js';

/** A streaming metric: update per batch, read the running result, reset per epoch. No gradients. */
export interface Metric {
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor): void;
  result(): number;
  reset(): void;
}

/** Running weighted mean of numbers (the loss shown during fit: weight = batch size, as Keras). */
export class MeanMetric {
  private total = 0;
  private count = 0;
  constructor(readonly name: string) {}
  update(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }
  /** The mean so far (0 before any update, as Keras). */
  result(): number {
    return this.count > 0 ? this.total / this.count : 0;
  }
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

export function meanMetric(name: string): MeanMetric {
  return new MeanMetric(name);
}

/** A fraction: correct predictions over all predictions seen since reset. */
abstract class FractionMetric implements Metric {
  protected correct = 0;
  protected seen = 0;
  constructor(readonly name: string) {}
  abstract update(yTrue: Tensor, yPred: Tensor): void;
  result(): number {
    return this.seen > 0 ? this.correct / this.seen : 0;
  }
  reset(): void {
    this.correct = 0;
    this.seen = 0;
  }
}

/** Index of the largest value of row r (first one on ties, like argmax). */
function argmaxRow(x: TypedArray, r: number, c: number): number {
  let best = 0;
  let bv = x[r * c];
  for (let j = 1; j < c; j++) {
    if (x[r * c + j] > bv) {
      bv = x[r * c + j];
      best = j;
    }
  }
  return best;
}

/** Element-wise: (yPred > threshold) == yTrue. */
export class BinaryAccuracy extends FractionMetric {
  readonly threshold: number;
  constructor(opts: { name?: string; threshold?: number } = {}) {
    super(opts.name ?? 'binaryAccuracy');
    this.threshold = opts.threshold ?? 0.5;
  }
  update(yTrue: Tensor, yPred: Tensor): void {
    checkLabelShape(this.name, yTrue, yPred);
    const p: FloatArray = yPred.floats(this.name);
    const t = yTrue.data;
    for (let i = 0; i < p.length; i++) if (t[i] === (p[i] > this.threshold ? 1 : 0)) this.correct++;
    this.seen += p.length;
  }
}

/** Per row: argmax(yTrue) == argmax(yPred) over the last axis (one-hot labels). */
export class CategoricalAccuracy extends FractionMetric {
  constructor(opts: { name?: string } = {}) {
    super(opts.name ?? 'categoricalAccuracy');
  }
  update(yTrue: Tensor, yPred: Tensor): void {
    checkOneHotShape(this.name, yTrue, yPred);
    const p = yPred.floats(this.name);
    const c = yPred.shape[yPred.shape.length - 1];
    const rows = c > 0 ? p.length / c : 0;
    for (let r = 0; r < rows; r++) if (argmaxRow(yTrue.data, r, c) === argmaxRow(p, r, c)) this.correct++;
    this.seen += rows;
  }
}

/** Per row: yTrue (a class id) == argmax(yPred). */
export class SparseCategoricalAccuracy extends FractionMetric {
  constructor(opts: { name?: string } = {}) {
    super(opts.name ?? 'sparseCategoricalAccuracy');
  }
  update(yTrue: Tensor, yPred: Tensor): void {
    checkSparseShape(this.name, yTrue, yPred);
    const p = yPred.floats(this.name);
    const c = yPred.shape[yPred.shape.length - 1];
    const rows = yTrue.size;
    for (let r = 0; r < rows; r++) if (yTrue.data[r] === argmaxRow(p, r, c)) this.correct++;
    this.seen += rows;
  }
}

/** A loss used as a metric: the mean of the per-batch loss weighted by batch size. */
export class LossMetric implements Metric {
  private readonly mean: MeanMetric;
  constructor(readonly name: string, private readonly fn: LossFn) {
    this.mean = new MeanMetric(name);
  }
  update(yTrue: Tensor, yPred: Tensor): void {
    const v = noGrad(() => this.fn(yTrue, yPred)).item();
    this.mean.update(v, yPred.shape.length > 0 ? yPred.shape[0] : 1);
  }
  result(): number {
    return this.mean.result();
  }
  reset(): void {
    this.mean.reset();
  }
}

export type AccuracyKind = 'binary' | 'categorical' | 'sparseCategorical';

/**
 * Picks the accuracy variant as Keras does: from the loss when it names one (binaryCrossentropy →
 * binary, sparseCategoricalCrossentropy → sparse, categoricalCrossentropy → categorical), else from
 * the shapes: yPred's last dim 1 → binary; yTrue without the class axis (or a trailing 1 while
 * yPred has more classes) → sparse; else categorical.
 */
export function accuracyKind(lossName: string, yTrue: readonly number[], yPred: readonly number[]): AccuracyKind {
  const key = lossName.replace(/_/g, '').toLowerCase();
  if (key === 'binarycrossentropy') return 'binary';
  if (key === 'sparsecategoricalcrossentropy') return 'sparseCategorical';
  if (key === 'categoricalcrossentropy') return 'categorical';
  const last = yPred.length > 0 ? yPred[yPred.length - 1] : 1;
  if (last === 1) return 'binary';
  if (yTrue.length < yPred.length || (yTrue.length > 0 && yTrue[yTrue.length - 1] === 1)) return 'sparseCategorical';
  return 'categorical';
}

/** 'accuracy' / 'acc': the variant is chosen at the first update (see accuracyKind). */
export class Accuracy implements Metric {
  private inner: Metric | null = null;
  constructor(readonly name: string, readonly lossName: string) {}
  /** The chosen variant, null before the first update. */
  get kind(): AccuracyKind | null {
    if (this.inner instanceof BinaryAccuracy) return 'binary';
    if (this.inner instanceof SparseCategoricalAccuracy) return 'sparseCategorical';
    if (this.inner instanceof CategoricalAccuracy) return 'categorical';
    return null;
  }
  update(yTrue: Tensor, yPred: Tensor): void {
    if (!this.inner) {
      const kind = accuracyKind(this.lossName, yTrue.shape, yPred.shape);
      const opts = { name: this.name };
      this.inner = kind === 'binary' ? new BinaryAccuracy(opts) : kind === 'sparseCategorical' ? new SparseCategoricalAccuracy(opts) : new CategoricalAccuracy(opts);
    }
    this.inner.update(yTrue, yPred);
  }
  result(): number {
    return this.inner ? this.inner.result() : 0;
  }
  reset(): void {
    this.inner?.reset();
  }
}
