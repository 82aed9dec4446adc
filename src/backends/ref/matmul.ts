import type { FloatArray } from '../../tensor/tensor.js';

/**
 * out[m,n] (=|+=) op(a)[m,k] · op(b)[k,n]. Loop order i-p-j keeps the inner loop contiguous in b
 * and out for the common (no transpose) case.
 */
export function matmul(out: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number,
  transA: boolean, transB: boolean, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const oRow = i * n;
    for (let p = 0; p < k; p++) {
      const av = transA ? a[p * m + i] : a[i * k + p];
      if (av === 0) continue;
      if (transB) {
        for (let j = 0; j < n; j++) out[oRow + j] += av * b[j * k + p];
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) out[oRow + j] += av * b[bRow + j];
      }
    }
  }
}
