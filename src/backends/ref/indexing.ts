import type { FloatArray } from '../../tensor/tensor.js';

export function gather(out: FloatArray, table: FloatArray, ids: Int32Array, nIds: number, dim: number): void {
  for (let i = 0; i < nIds; i++) {
    const src = ids[i] * dim;
    out.set(table.subarray(src, src + dim), i * dim);
  }
}

export function scatterAdd(dTable: FloatArray, ids: Int32Array, dOut: FloatArray, nIds: number, dim: number): void {
  for (let i = 0; i < nIds; i++) {
    const dst = ids[i] * dim;
    const src = i * dim;
    for (let j = 0; j < dim; j++) dTable[dst + j] += dOut[src + j];
  }
}

/** Visits (inFlat, outFlat) pairs of a permutation of a contiguous array. */
function forEachPermuted(shape: readonly number[], perm: readonly number[], visit: (src: number, dst: number) => void): void {
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  let acc = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = acc;
    acc *= shape[d];
  }
  const total = acc;
  if (total === 0) return;
  const outShape = perm.map((p) => shape[p]);
  const stepIn = perm.map((p) => inStrides[p]); // moving along out-axis d moves along in-axis perm[d]
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let dst = 0; dst < total; dst++) {
    visit(src, dst);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += stepIn[d];
      if (idx[d] < outShape[d]) break;
      src -= stepIn[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export function transpose(out: FloatArray, x: FloatArray, shape: readonly number[], perm: readonly number[]): void {
  forEachPermuted(shape, perm, (src, dst) => {
    out[dst] = x[src];
  });
}

export function transposeGrad(dX: FloatArray, dOut: FloatArray, shape: readonly number[], perm: readonly number[]): void {
  forEachPermuted(shape, perm, (src, dst) => {
    dX[src] += dOut[dst];
  });
}

export function copyMid(dst: FloatArray, src: FloatArray, outer: number, inner: number, dstMid: number, dstStart: number,
  srcMid: number, srcStart: number, len: number, accumulate: boolean): void {
  const block = len * inner;
  for (let o = 0; o < outer; o++) {
    const d = (o * dstMid + dstStart) * inner;
    const s = (o * srcMid + srcStart) * inner;
    if (accumulate) {
      for (let i = 0; i < block; i++) dst[d + i] += src[s + i];
    } else {
      dst.set(src.subarray(s, s + block), d);
    }
  }
}
