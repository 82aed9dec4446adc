import type { FloatArray } from '../../tensor/tensor.js';

/** Walks every index of outShape, calling visit(outFlat, flat index of each strided input). */
function forEachBroadcast3(outShape: readonly number[], s0: readonly number[], s1: readonly number[], s2: readonly number[],
  visit: (o: number, i0: number, i1: number, i2: number) => void): void {
  const rank = outShape.length;
  let total = 1;
  for (const d of outShape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let i0 = 0;
  let i1 = 0;
  let i2 = 0;
  for (let o = 0; o < total; o++) {
    visit(o, i0, i1, i2);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      i0 += s0[d];
      i1 += s1[d];
      i2 += s2[d];
      if (idx[d] < outShape[d]) break;
      i0 -= s0[d] * outShape[d];
      i1 -= s1[d] * outShape[d];
      i2 -= s2[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export function select(out: FloatArray, mask: FloatArray, a: FloatArray, b: FloatArray, outShape: readonly number[],
  maskStrides: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): void {
  forEachBroadcast3(outShape, maskStrides, aStrides, bStrides, (o, im, ia, ib) => {
    out[o] = mask[im] !== 0 ? a[ia] : b[ib];
  });
}

export function selectGrad(dA: FloatArray | null, dB: FloatArray | null, mask: FloatArray, dOut: FloatArray,
  outShape: readonly number[], maskStrides: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): void {
  forEachBroadcast3(outShape, maskStrides, aStrides, bStrides, (o, im, ia, ib) => {
    if (mask[im] !== 0) {
      if (dA) dA[ia] += dOut[o];
    } else if (dB) {
      dB[ib] += dOut[o];
    }
  });
}

export function powScalar(out: FloatArray, x: FloatArray, n: number, p: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.pow(x[i], p);
}

export function powScalarGrad(dX: FloatArray, x: FloatArray, dY: FloatArray, n: number, p: number): void {
  if (p === 0) return;
  for (let i = 0; i < n; i++) dX[i] += dY[i] * p * Math.pow(x[i], p - 1);
}
