import type { FloatArray } from '../../tensor/tensor.js';

export function gather(out: FloatArray, table: FloatArray, ids: Int32Array, nIds: number, dim: number): void {
  for (let i = 0; i < nIds; i++) {
    const src = ids[i] * dim;
    out.set(table.subarray(src, src + dim), i * dim);
  }
}

export function zeroRows(table: FloatArray, ids: Int32Array, nIds: number, dim: number): void {
  for (let i = 0; i < nIds; i++) table.fill(0, ids[i] * dim, (ids[i] + 1) * dim);
}

export function scatterAdd(dTable: FloatArray, ids: Int32Array, dOut: FloatArray, nIds: number, dim: number): void {
  for (let i = 0; i < nIds; i++) {
    const dst = ids[i] * dim;
    const src = i * dim;
    for (let j = 0; j < dim; j++) dTable[dst + j] += dOut[src + j];
  }
}

/**
 * The permutation as runs: the output (row-major) is `total / len` runs of its last non-unit axis;
 * run r starts at output offset r·len and input offset starts[r], stepping `step` in the input.
 * Axes of length 1 are dropped first, so swapping the first two axes of [P,Q,R] is P·Q runs of R.
 */
function permutedRuns(shape: readonly number[], perm: readonly number[]): { starts: Int32Array | number[]; len: number; step: number } {
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  let acc = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = acc;
    acc *= shape[d];
  }
  const lens: number[] = [];
  const steps: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (shape[perm[d]] === 1) continue;
    lens.push(shape[perm[d]]);
    steps.push(inStrides[perm[d]]);
  }
  if (acc === 0) return { starts: [], len: 0, step: 1 };
  if (lens.length === 0) return { starts: [0], len: 1, step: 1 };
  const r = lens.length;
  const len = lens[r - 1];
  const nRuns = acc / len;
  const starts = nRuns <= 0x7fffffff ? new Int32Array(nRuns) : new Array<number>(nRuns);
  const idx = new Array<number>(r).fill(0);
  let src = 0;
  for (let run = 0; run < nRuns; run++) {
    starts[run] = src;
    for (let d = r - 2; d >= 0; d--) {
      idx[d]++;
      src += steps[d];
      if (idx[d] < lens[d]) break;
      src -= steps[d] * lens[d];
      idx[d] = 0;
    }
  }
  return { starts, len, step: steps[r - 1] };
}

export function transpose(out: FloatArray, x: FloatArray, shape: readonly number[], perm: readonly number[]): void {
  const { starts, len, step } = permutedRuns(shape, perm);
  for (let r = 0, dst = 0; r < starts.length; r++, dst += len) {
    const s0 = starts[r];
    if (step === 1) out.set(x.subarray(s0, s0 + len), dst);
    else for (let i = 0, s = s0; i < len; i++, s += step) out[dst + i] = x[s];
  }
}

export function transposeGrad(dX: FloatArray, dOut: FloatArray, shape: readonly number[], perm: readonly number[]): void {
  const { starts, len, step } = permutedRuns(shape, perm);
  for (let r = 0, dst = 0; r < starts.length; r++, dst += len) {
    for (let i = 0, s = starts[r]; i < len; i++, s += step) dX[s] += dOut[dst + i];
  }
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
