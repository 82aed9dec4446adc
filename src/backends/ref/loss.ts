import type { FloatArray, TypedArray } from '../../tensor/tensor.js';

/** lse = log Σ_j e^{x[off + j]} of one row, the max subtracted first (float64 math). */
function rowLse(x: FloatArray, off: number, c: number): number {
  let mx = -Infinity;
  for (let j = 0; j < c; j++) mx = Math.max(mx, x[off + j]);
  let se = 0;
  for (let j = 0; j < c; j++) se += Math.exp(x[off + j] - mx);
  return mx + Math.log(se);
}

export function softmaxXentSparse(probs: FloatArray, x: FloatArray, ids: Int32Array, rows: number, c: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    const lse = rowLse(x, off, c);
    for (let j = 0; j < c; j++) probs[off + j] = Math.exp(x[off + j] - lse);
    s -= x[off + ids[r]] - lse;
  }
  return s;
}

export function softmaxXentSparseGrad(dX: FloatArray, probs: FloatArray, ids: Int32Array, g: number, rows: number, c: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    const k = ids[r];
    for (let j = 0; j < c; j++) dX[off + j] += g * (probs[off + j] - (j === k ? 1 : 0));
  }
}

export function softmaxXent(logSm: FloatArray, x: FloatArray, t: TypedArray, keep: number, add: number, rows: number, c: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    const lse = rowLse(x, off, c);
    for (let j = 0; j < c; j++) {
      const ls = x[off + j] - lse;
      logSm[off + j] = ls;
      s -= (t[off + j] * keep + add) * ls;
    }
  }
  return s;
}

export function softmaxXentGrad(dX: FloatArray | null, dT: FloatArray | null, logSm: FloatArray, t: TypedArray, g: number,
  keep: number, add: number, rows: number, c: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    let tsum = 0;
    for (let j = 0; j < c; j++) tsum += t[off + j] * keep + add;
    for (let j = 0; j < c; j++) {
      const z = t[off + j] * keep + add;
      if (dX) dX[off + j] += g * (Math.exp(logSm[off + j]) * tsum - z);
      if (dT) dT[off + j] += -g * logSm[off + j] * keep;
    }
  }
}
