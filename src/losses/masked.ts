// Losses over a masked output (Keras 3: the output's `_keras_mask` becomes a per-step weight), built
// from differentiable ops (reshape, gather, scale, add) so autograd needs no new backward.
import { ShapeError, fmtShape } from '../errors.js';
import { add, scale } from '../ops/elementwise.js';
import { reshape } from '../ops/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { LossFn } from './loss.js';
import { checkBatchWeights, groupRowsByWeight, labelRows, predRows } from './weighted.js';

/** A batch seen as rows, one row per masked position (e.g. per time step of [B, T, C]). */
export interface MaskedRows {
  /** Labels as rows [R, ...yTrue.shape[k:]] (k = mask rank). */
  yTrue: Tensor;
  /** Predictions as rows [R, ...yPred.shape[k:]], differentiable (a reshape of yPred). */
  yPred: Tensor;
  /** Per-row weight w_b · m_r (0 where masked); float64 [R]. */
  weights: Float64Array;
  /** Number of unmasked positions Σ m_r (mask values cast to 0/1, as Keras casts its boolean mask). */
  valid: number;
}

function eq(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks a mask against a batch: it must have the shape of yPred without its last axis (Keras reduces
 * the last axis of a loss, so the per-position losses have that shape), and yTrue must share those
 * leading axes.
 */
export function checkOutputMask(where: string, mask: Tensor, yTrue: Tensor, yPred: Tensor): void {
  const lead = yPred.shape.slice(0, -1);
  if (yPred.rank < 2 || !eq(mask.shape, lead)) {
    throw new ShapeError(`${where}: the model's output ${fmtShape(yPred.shape)} carries a mask of shape ${fmtShape(mask.shape)}; `
      + `a mask must have the output's shape without its last axis (${fmtShape(lead)}) to weigh the loss per position.`);
  }
  if (yTrue.rank < lead.length || !eq(yTrue.shape.slice(0, lead.length), lead)) {
    throw new ShapeError(`${where}: labels ${fmtShape(yTrue.shape)} do not match the output ${fmtShape(yPred.shape)} on the masked axes ${fmtShape(lead)}.`);
  }
}

/**
 * Splits a batch into rows at the mask's positions (mask [B, ...M] = yPred.shape[:-1]) and weighs row r
 * of sample b by w_b · m_r (w_b = 1 without sample weights; sample weights [B] or [B, 1]).
 */
export function maskedRows(where: string, yTrue: Tensor, yPred: Tensor, mask: Tensor, sampleWeight: Tensor | null): MaskedRows {
  checkOutputMask(where, mask, yTrue, yPred);
  const b = yPred.shape[0];
  if (sampleWeight) checkBatchWeights(where, sampleWeight, b);
  const r = mask.size;
  const perSample = b > 0 ? r / b : 0;
  const weights = new Float64Array(r); // weights [R]
  let valid = 0;
  for (let i = 0; i < r; i++) {
    const m = mask.data[i] !== 0 ? 1 : 0;
    valid += m;
    weights[i] = m === 0 ? 0 : sampleWeight ? sampleWeight.data[Math.floor(i / perSample)] : 1;
  }
  const k = mask.rank;
  const predRowsT = reshape(yPred, [r, ...yPred.shape.slice(k)]); // [R, C]
  const trueRowsT = new Tensor(yTrue.data, [r, ...yTrue.shape.slice(k)]); // [R, ...] labels (no gradient)
  return { yTrue: trueRowsT, yPred: predRowsT, weights, valid };
}

/**
 * Keras 3 loss of a masked output with the default reduction 'sum_over_batch_size'
 * (keras/src/losses/loss.py: `Loss.__call__` takes the mask of y_pred, `reduce_weighted_values` merges
 * it into the sample weight with `apply_mask`, which scales unmasked entries by total/valid, then
 * `reduce_values` divides the sum by the number of entries, total):
 *
 *     loss = Σ_{b,t} w_b · m_bt · L_bt / Σ_{b,t} m_bt        (0 when every position is masked)
 *
 * L_bt is the loss of position (b, t) (the loss reduced over yPred's last axis only), m_bt ∈ {0, 1}
 * the mask, w_b the sample weight (1 without). The divisor is the number of unmasked positions, not
 * weighted by w (Keras' divide_no_nan(total, valid) factor cancels total). Sample weights [B, 1]
 * broadcast over the positions as in Keras; [B] is read as [B, 1] (Keras 3 would broadcast a [B] weight
 * against the last axis of the [B, T] losses, which fails unless B = T).
 *
 * `fn` receives the positions as rows: yPred [n, C] and labels [n, ...] (a custom loss must accept them).
 *
 * `fn` follows the LossFn contract (mean over the rows it is given), so rows of equal weight share one
 * call: loss = Σ_g w_g · n_g · fn(rows of g) / valid. A batch with no unmasked position gives
 * 0 · fn(all rows): the value is 0 and every gradient is 0 (an optimizer still takes its step, as in
 * Keras, where the gradients are zeros).
 */
export function maskedLoss(fn: LossFn, yTrue: Tensor, yPred: Tensor, mask: Tensor, sampleWeight: Tensor | null = null): Tensor {
  const rows = maskedRows('maskedLoss', yTrue, yPred, mask, sampleWeight);
  const n = rows.weights.length;
  let total: Tensor | null = null;
  if (rows.valid > 0) {
    for (const g of groupRowsByWeight(rows.weights)) {
      if (g.weight === 0) continue; // masked (or zero-weighted) rows add nothing
      const part = g.rows.length === n
        ? fn(rows.yTrue, rows.yPred) // [] every row in one group: no gather
        : fn(labelRows(rows.yTrue, g.rows), predRows(rows.yPred, g.rows)); // [] mean loss of the group
      const term = scale(part, (g.weight * g.rows.length) / rows.valid); // [] w_g · n_g / valid · mean
      total = total ? add(total, term) : term;
    }
  }
  return total ?? scale(fn(rows.yTrue, rows.yPred), 0); // [] 0 with zero gradients
}
