import type { FloatArray } from '../../tensor/tensor.js';

export function sgdUpdate(w: FloatArray, v: FloatArray, g: FloatArray, n: number, lr: number, momentum: number, nesterov: boolean): void {
  if (momentum === 0) {
    for (let i = 0; i < n; i++) w[i] -= lr * g[i];
    return;
  }
  for (let i = 0; i < n; i++) {
    const vi = momentum * v[i] - lr * g[i];
    v[i] = vi;
    w[i] += nesterov ? momentum * vi - lr * g[i] : vi;
  }
}

export function rmspropUpdate(w: FloatArray, v: FloatArray, g: FloatArray, n: number, lr: number, rho: number, eps: number): void {
  for (let i = 0; i < n; i++) {
    const vi = rho * v[i] + (1 - rho) * g[i] * g[i];
    v[i] = vi;
    w[i] -= (lr * g[i]) / Math.sqrt(vi + eps);
  }
}

export function adamUpdate(w: FloatArray, m: FloatArray, v: FloatArray, g: FloatArray, n: number, alpha: number,
  beta1: number, beta2: number, eps: number): void {
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = m[i] + (gi - m[i]) * c1;
    const vi = v[i] + (gi * gi - v[i]) * c2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (alpha * mi) / (Math.sqrt(vi) + eps);
  }
}

export function adagradUpdate(w: FloatArray, a: FloatArray, g: FloatArray, n: number, lr: number, eps: number): void {
  for (let i = 0; i < n; i++) {
    const ai = a[i] + g[i] * g[i];
    a[i] = ai;
    w[i] -= (lr * g[i]) / Math.sqrt(ai + eps);
  }
}

export function sumSquares(g: FloatArray, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += g[i] * g[i];
  return s;
}
