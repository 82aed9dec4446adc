import { noGrad } from '../autograd/tape.js';
import { checkLabelShape, checkOneHotShape, checkSparseShape } from '../losses/labels.js';
import type { LossFn } from '../losses/loss.js';
import { checkBatchWeights, weightedLossSums } from '../losses/weighted.js';
import type { FloatArray, Tensor, TypedArray } from '../tensor/tensor.js';

/**
 * A streaming metric: update per batch, read the running result, reset per epoch. No gradients.
 * With `sampleWeight` (one weight per sample, [B] or [B, 1]) the result is the weighted mean of the
 * per-sample values, Σ w_i·v_i / Σ w_i (Keras' Mean / MeanMetricWrapper); a metric may ignore it.
 */
export interface Metric {
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
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
  abstract update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  /**
   * Adds a batch's hits (1 correct, 0 not; hits.length a multiple of the batch size b). Unweighted:
   * every prediction counts once. Weighted (Keras): v_i = mean of sample i's hits, correct += Σ w_i·v_i,
   * seen += Σ w_i.
   */
  protected addHits(hits: Uint8Array, b: number, sampleWeight: Tensor | null | undefined): void {
    if (!sampleWeight) {
      for (let i = 0; i < hits.length; i++) this.correct += hits[i];
      this.seen += hits.length;
      return;
    }
    checkBatchWeights(this.name, sampleWeight, b);
    const per = b > 0 ? hits.length / b : 0;
    for (let s = 0; s < b; s++) {
      let h = 0;
      for (let j = 0; j < per; j++) h += hits[s * per + j];
      const w = sampleWeight.data[s];
      this.correct += per > 0 ? (w * h) / per : 0;
      this.seen += w;
    }
  }
  result(): number {
    return this.seen > 0 ? this.correct / this.seen : 0;
  }
  reset(): void {
    this.correct = 0;
    this.seen = 0;
  }
}

/** The batch size of yPred (1 for a scalar). */
function batchOf(yPred: Tensor): number {
  return yPred.shape.length > 0 ? yPred.shape[0] : 1;
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
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    checkLabelShape(this.name, yTrue, yPred);
    const p: FloatArray = yPred.floats(this.name);
    const t = yTrue.data;
    const hits = new Uint8Array(p.length); // hits [...yPred.shape]
    for (let i = 0; i < p.length; i++) if (t[i] === (p[i] > this.threshold ? 1 : 0)) hits[i] = 1;
    this.addHits(hits, batchOf(yPred), sampleWeight);
  }
}

/** Per row: argmax(yTrue) == argmax(yPred) over the last axis (one-hot labels). */
export class CategoricalAccuracy extends FractionMetric {
  constructor(opts: { name?: string } = {}) {
    super(opts.name ?? 'categoricalAccuracy');
  }
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    checkOneHotShape(this.name, yTrue, yPred);
    const p = yPred.floats(this.name);
    const c = yPred.shape[yPred.shape.length - 1];
    const rows = c > 0 ? p.length / c : 0;
    const hits = new Uint8Array(rows); // hits [...yPred.shape[:-1]]
    for (let r = 0; r < rows; r++) if (argmaxRow(yTrue.data, r, c) === argmaxRow(p, r, c)) hits[r] = 1;
    this.addHits(hits, batchOf(yPred), sampleWeight);
  }
}

/** Per row: yTrue (a class id) == argmax(yPred). */
export class SparseCategoricalAccuracy extends FractionMetric {
  constructor(opts: { name?: string } = {}) {
    super(opts.name ?? 'sparseCategoricalAccuracy');
  }
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    checkSparseShape(this.name, yTrue, yPred);
    const p = yPred.floats(this.name);
    const c = yPred.shape[yPred.shape.length - 1];
    const rows = yTrue.size;
    const hits = new Uint8Array(rows); // hits [...yTrue.shape]
    for (let r = 0; r < rows; r++) if (yTrue.data[r] === argmaxRow(p, r, c)) hits[r] = 1;
    this.addHits(hits, batchOf(yPred), sampleWeight);
  }
}

/** A loss used as a metric: the mean of the per-batch loss weighted by batch size. */
export class LossMetric implements Metric {
  private readonly mean: MeanMetric;
  constructor(readonly name: string, private readonly fn: LossFn) {
    this.mean = new MeanMetric(name);
  }
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    if (sampleWeight) {
      // Weighted mean of the per-sample losses: Σ w_i·L_i / Σ w_i.
      const { total, weight } = noGrad(() => weightedLossSums(this.fn, yTrue, yPred, sampleWeight));
      this.mean.update(weight > 0 ? total / weight : 0, weight);
      return;
    }
    const v = noGrad(() => this.fn(yTrue, yPred)).item();
    this.mean.update(v, batchOf(yPred));
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
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    if (!this.inner) {
      const kind = accuracyKind(this.lossName, yTrue.shape, yPred.shape);
      const opts = { name: this.name };
      this.inner = kind === 'binary' ? new BinaryAccuracy(opts) : kind === 'sparseCategorical' ? new SparseCategoricalAccuracy(opts) : new CategoricalAccuracy(opts);
    }
    this.inner.update(yTrue, yPred, sampleWeight);
  }
  result(): number {
    return this.inner ? this.inner.result() : 0;
  }
  reset(): void {
    this.inner?.reset();
  }
}
