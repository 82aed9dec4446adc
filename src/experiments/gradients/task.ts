import { Rng } from '../../tensor/rng.js';
import { tensor } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * The long-range task of the gradient study: "remember the marked token".
 *
 * A sequence has T steps; each step is a one-hot token over `classes` symbols plus a marker
 * channel (features = classes + 1). Exactly one step carries marker = 1; the label is that step's
 * token. All other steps hold random distractor tokens (marker 0). Chance accuracy is 1/classes.
 *
 * - training batches put the marked step at a uniformly random position p ∈ [0, T), so short
 *   dependencies teach every model to read tokens at all;
 * - the test and gradient-probe sets put it at p = 0: the token must be carried through all T
 *   steps to the answer at the end — the long-range case the study is about.
 */
export interface MarkedTokenBatch {
  /** x [n, T, classes + 1] float32. */
  x: Tensor;
  /** y [n] class ids (float32 integers, for sparse crossentropy). */
  y: Tensor;
  /** The labels as numbers (length n). */
  labels: Int32Array;
}

/** One batch of n sequences; `markAt` fixes the marked position (null: uniform random). */
export function markedTokenBatch(rng: Rng, n: number, T: number, classes: number, markAt: number | null): MarkedTokenBatch {
  const D = classes + 1;
  const xs = new Float32Array(n * T * D); // [n,T,D]
  const ys = new Float32Array(n); // [n]
  const labels = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const c = rng.int(classes);
    const p = markAt ?? rng.int(T);
    labels[b] = c;
    ys[b] = c;
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * D;
      if (t === p) {
        xs[o + c] = 1;
        xs[o + classes] = 1;
      } else {
        xs[o + rng.int(classes)] = 1;
      }
    }
  }
  return { x: tensor(xs, [n, T, D]), y: tensor(ys, [n]), labels };
}

/** Accuracy of logits [n, classes] against labels. */
export function accuracyOf(logits: Tensor, labels: Int32Array): number {
  const [n, k] = logits.shape;
  const d = logits.data;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (d[i * k + j] > d[i * k + best]) best = j;
    if (best === labels[i]) correct++;
  }
  return n > 0 ? correct / n : NaN;
}
