// Sample-weighted losses (Keras 3 reduction 'sum_over_batch_size' with sample_weight), built from
// existing differentiable ops (reshape, gather, scale, add) so autograd needs no new backward.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { add, scale } from '../ops/elementwise.js';
import { gather } from '../ops/indexing.js';
import { reshape } from '../ops/shape.js';
import { Tensor, allocArray } from '../tensor/tensor.js';
import type { LossFn } from './loss.js';

/** Rows of a batch that share one weight. */
export interface WeightGroup {
  weight: number;
  /** Row indices in increasing order. */
  rows: Int32Array;
}

/** The rows of a batch grouped by equal weight, groups in order of first appearance. */
export function groupRowsByWeight(w: ArrayLike<number>): WeightGroup[] {
  const byWeight = new Map<number, number[]>();
  for (let i = 0; i < w.length; i++) {
    const list = byWeight.get(w[i]);
    if (list) list.push(i);
    else byWeight.set(w[i], [i]);
  }
  return [...byWeight.entries()].map(([weight, rows]) => ({ weight, rows: Int32Array.from(rows) }));
}

/** Rows `rows` of a label tensor (no gradient; any dtype): [rows.length, ...t.shape[1:]]. */
export function labelRows(t: Tensor, rows: Int32Array): Tensor {
  const b = t.shape[0];
  const row = b > 0 ? t.size / b : 0;
  const out = allocArray(t.dtype, rows.length * row); // [rows.length, ...t.shape[1:]]
  for (let i = 0; i < rows.length; i++) out.set(t.data.subarray(rows[i] * row, (rows[i] + 1) * row), i * row);
  return new Tensor(out, [rows.length, ...t.shape.slice(1)]);
}

/** Rows `rows` of predictions, differentiable (gradients scatter back into those rows). */
export function predRows(yPred: Tensor, rows: Int32Array): Tensor {
  const b = yPred.shape[0];
  const rest = yPred.shape.slice(1);
  const flat = reshape(yPred, [b, b > 0 ? yPred.size / b : 0]); // [B, prod(rest)]
  const ids = new Tensor(rows, [rows.length]); // ids [n] int32
  return reshape(gather(flat, ids), [rows.length, ...rest]); // [n, ...rest]
}

/** Checks per-sample weights [B] (or [B, 1]) against a batch of B samples. */
export function checkBatchWeights(where: string, w: Tensor, b: number): void {
  const ok = (w.rank === 1 && w.shape[0] === b) || (w.rank === 2 && w.shape[0] === b && w.shape[1] === 1);
  if (!ok) throw new ShapeError(`${where}: expected one sample weight per sample, shape [${b}] or [${b}, 1], got ${fmtShape(w.shape)}.`);
}

/**
 * Keras 3 `reduce_weighted_values` with the default reduction 'sum_over_batch_size':
 *
 *     loss = Σ_i w_i · L_i / B
 *
 * where B is the number of samples in the batch and L_i the loss of sample i averaged over its
 * non-batch elements (Keras' loss functions reduce the last axis, then the weighted values are
 * summed and divided by their number of elements, which for sequence outputs [B, T, ...] is the same
 * as averaging over T first). The divisor is B, NOT Σ w_i (that is Keras' 'mean_with_sample_weight').
 *
 * `fn` is a loss that returns the mean over the samples it is given (the LossFn contract), so the
 * rows are grouped by equal weight and each group costs one call: loss = Σ_g w_g · (n_g / B) · fn(group).
 * All weights equal (e.g. all ones) is one call scaled by w. Gradients flow through gather/scale/add.
 */
export function weightedLoss(fn: LossFn, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor): Tensor {
  if (yPred.rank === 0) throw new ShapeError(`weightedLoss: yPred needs a batch axis, got a scalar.`);
  const b = yPred.shape[0];
  checkBatchWeights('weightedLoss', sampleWeight, b);
  if (yTrue.rank === 0 || yTrue.shape[0] !== b) {
    throw new ShapeError(`weightedLoss: yTrue ${fmtShape(yTrue.shape)} and yPred ${fmtShape(yPred.shape)} need the same number of samples.`);
  }
  const groups = groupRowsByWeight(sampleWeight.data);
  if (groups.length === 1) return scale(fn(yTrue, yPred), groups[0].weight); // [] (scalar)
  let total: Tensor | null = null;
  for (const g of groups) {
    const part = fn(labelRows(yTrue, g.rows), predRows(yPred, g.rows)); // [] mean loss of the group
    const term = scale(part, (g.weight * g.rows.length) / b); // [] w_g · n_g / B · mean
    total = total ? add(total, term) : term;
  }
  if (!total) throw new ValueError('weightedLoss: got 0 samples.');
  return total;
}

/**
 * Σ_i w_i · L_i and Σ_i w_i for a batch (no gradient wanted: call under noGrad), for weighted means of a
 * loss used as a metric (Keras' MeanMetricWrapper: Σ w·v / Σ w).
 */
export function weightedLossSums(fn: LossFn, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor): { total: number; weight: number } {
  const b = yPred.shape[0];
  checkBatchWeights('weightedLossSums', sampleWeight, b);
  let total = 0;
  let weight = 0;
  for (const g of groupRowsByWeight(sampleWeight.data)) {
    const n = g.rows.length;
    if (g.weight === 0) continue; // adds 0 to both sums
    const part = n === b ? fn(yTrue, yPred) : fn(labelRows(yTrue, g.rows), predRows(yPred, g.rows));
    total += g.weight * n * part.item();
    weight += g.weight * n;
  }
  return { total, weight };
}
