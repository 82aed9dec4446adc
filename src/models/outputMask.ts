// The model output's mask in training and evaluation (Keras 3): the loss and the metrics count only the
// unmasked positions (e.g. the real time steps of Embedding(maskZero) → LSTM(returnSequences) → Dense).
import { maskedLoss, maskedRows } from '../losses/masked.js';
import type { LossFn } from '../losses/loss.js';
import { labelRows, weightedLoss } from '../losses/weighted.js';
import { Tensor } from '../tensor/tensor.js';
import type { NamedMetric } from './compile.js';

/** A forward pass's output with the mask that comes with it (null when the output is not masked). */
export interface ForwardResult {
  /** The model's output, e.g. [B, T, C]. */
  output: Tensor;
  /** Its mask, [B, T] (1 keep, 0 masked) for a masked sequence output; null otherwise. */
  mask: Tensor | null;
}

/**
 * The training / evaluation loss of a batch. Without a mask: exactly the previous behaviour
 * (fn(y, yPred), or Keras' weighted Σ w_i·L_i / B with sample weights). With a mask (Keras 3
 * keras/src/losses/loss.py, `apply_mask` + `reduce_values` with 'sum_over_batch_size'):
 * Σ w_b·m_bt·L_bt / Σ m_bt, see maskedLoss.
 */
export function outputLoss(fn: LossFn, y: Tensor, yPred: Tensor, mask: Tensor | null, sampleWeight: Tensor | null): Tensor {
  if (mask) return maskedLoss(fn, y, yPred, mask, sampleWeight);
  return sampleWeight ? weightedLoss(fn, y, yPred, sampleWeight) : fn(y, yPred);
}

/**
 * Updates the compiled metrics with a batch (no gradient wanted: call under noGrad). Without a mask,
 * as before. With a mask, every metric sees the unmasked positions as samples, weighted by
 * w_b·m_bt, so a running mean is Σ w_b·m_bt·v_bt / Σ w_b·m_bt: for accuracy the fraction of correct
 * unmasked steps. This is Keras 3's MeanMetricWrapper with a sample weight
 * (keras/src/metrics/reduction_metrics.py: `apply_mask(sample_weight, mask, reduction="sum")`); without a
 * sample weight Keras 3 skips the mask in metrics (keras-team/keras#21569 proposes the fix), whereas
 * rnnkit applies it always, as tf.keras 2 did: a padded step is never counted.
 */
export function updateMetrics(metrics: NamedMetric[], y: Tensor, yPred: Tensor, mask: Tensor | null, sampleWeight: Tensor | null): void {
  if (metrics.length === 0) return;
  if (!mask) {
    for (const m of metrics) m.metric.update(y, yPred, sampleWeight);
    return;
  }
  const rows = maskedRows('metrics', y, yPred, mask, sampleWeight);
  let n = 0;
  let allOne = true;
  for (const wr of rows.weights) {
    if (wr !== 0) n++;
    if (wr !== 0 && wr !== 1) allOne = false;
  }
  if (n === 0) return; // nothing unmasked (or all weights 0): adds 0 to every sum
  const keep = new Int32Array(n); // keep [n]: rows with a nonzero weight
  const w = new Float64Array(n); // w [n]
  for (let i = 0, j = 0; i < rows.weights.length; i++) {
    if (rows.weights[i] === 0) continue;
    keep[j] = i;
    w[j++] = rows.weights[i];
  }
  const yt = labelRows(rows.yTrue, keep); // [n, ...yTrue.shape[k:]]
  const yp = labelRows(rows.yPred, keep); // [n, ...yPred.shape[k:]] (values only)
  const sw = allOne ? null : new Tensor(w, [n]); // unit weights count every row once: same as no weights
  for (const m of metrics) m.metric.update(yt, yp, sw);
}
