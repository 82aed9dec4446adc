import type { FloatArray, TypedArray } from '../../tensor/tensor.js';

/**
 * Softmax cross-entropy from logits (the fromLogits paths of sparseCategoricalCrossentropy and
 * categoricalCrossentropy). Outputs first, then inputs, then sizes. Logits x are [rows, c]; per row
 * lse_r = log Σ_j e^{x[r, j]} with the row max subtracted first. The forward kernels return the
 * SUM of the row losses (the op divides by rows); the `*Grad` kernels ACCUMULATE into their
 * gradient buffers, with g the gradient of one row's loss (dLoss/dMean divided by rows).
 */
export interface LossKernels {
  /**
   * Integer class ids ids [rows] (each in [0, c)): writes probs[r, j] = e^{x[r, j] − lse_r} (the
   * softmax, saved for the backward) and returns Σ_r (lse_r − x[r, ids[r]]).
   */
  softmaxXentSparse(probs: FloatArray, x: FloatArray, ids: Int32Array, rows: number, c: number): number;
  /** Gradient of softmaxXentSparse: dX[r, j] += g · (probs[r, j] − [j = ids[r]]). */
  softmaxXentSparseGrad(dX: FloatArray, probs: FloatArray, ids: Int32Array, g: number, rows: number, c: number): void;
  /**
   * Dense (soft) targets t [rows, c], smoothed to z = t·keep + add: writes the log-softmax
   * logSm[r, j] = x[r, j] − lse_r (saved for the backward) and returns −Σ_{r, j} z[r, j] · logSm[r, j].
   */
  softmaxXent(logSm: FloatArray, x: FloatArray, t: TypedArray, keep: number, add: number, rows: number, c: number): number;
  /**
   * Gradients of softmaxXent (either buffer may be null), with Z_r = Σ_j z[r, j]:
   * dX[r, j] += g · (e^{logSm[r, j]} · Z_r − z[r, j]);  dT[r, j] += −g · logSm[r, j] · keep.
   */
  softmaxXentGrad(dX: FloatArray | null, dT: FloatArray | null, logSm: FloatArray, t: TypedArray, g: number,
    keep: number, add: number, rows: number, c: number): void;
}

export const LOSS_KERNELS = [
  'softmaxXentSparse', 'softmaxXentSparseGrad', 'softmaxXent', 'softmaxXentGrad',
] as const satisfies readonly (keyof LossKernels)[];
