import type { FloatArray } from '../../tensor/tensor.js';

/**
 * In-place optimizer updates over n parameters (formulas as Keras 3 applies them; see
 * ../shared/reference/keras-semantics.md). `g` is the (already clipped) gradient.
 */
export interface OptimKernels {
  /** v = momentum·v − lr·g; w += nesterov ? momentum·v − lr·g : v (plain SGD when momentum = 0). */
  sgdUpdate(w: FloatArray, v: FloatArray, g: FloatArray, n: number, lr: number, momentum: number, nesterov: boolean): void;
  /** v = ρv + (1−ρ)g²; w −= lr·g / √(v + ε). */
  rmspropUpdate(w: FloatArray, v: FloatArray, g: FloatArray, n: number, lr: number, rho: number, eps: number): void;
  /**
   * m += (g − m)(1−β1); v += (g² − v)(1−β2); w −= alpha·m / (√v + ε), where the caller passes
   * alpha = lr·√(1−β2^t)/(1−β1^t).
   */
  adamUpdate(w: FloatArray, m: FloatArray, v: FloatArray, g: FloatArray, n: number, alpha: number,
    beta1: number, beta2: number, eps: number): void;
  /** a += g²; w −= lr·g / √(a + ε)  (Keras 3: epsilon inside the root). */
  adagradUpdate(w: FloatArray, a: FloatArray, g: FloatArray, n: number, lr: number, eps: number): void;
  /** Σ g[i]² (for clipnorm / global norms). */
  sumSquares(g: FloatArray, n: number): number;
}

export const OPTIM_KERNELS = [
  'sgdUpdate', 'rmspropUpdate', 'adamUpdate', 'adagradUpdate', 'sumSquares',
] as const satisfies readonly (keyof OptimKernels)[];
