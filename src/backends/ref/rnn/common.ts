import type { FloatArray } from '../../../tensor/tensor.js';

/** A zeroed scratch array of the same precision as `like`. */
export function scratch(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** Logistic sigmoid, stable for large |x| (same formula as the `unary` kernel). */
export function sigm(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The state before step s: h0 for s = 0, else hSeq[s−1] (a view, no copy). hSeq [T,B,H]. */
export function prevState(hSeq: FloatArray, h0: FloatArray, s: number, BH: number): FloatArray {
  return s === 0 ? h0 : hSeq.subarray((s - 1) * BH, s * BH);
}

/**
 * The recurrent GEMM input of step s: hPrev ⊙ recMask written into hm [B·H], or hPrev itself
 * (no copy) when there is no recurrent dropout.
 */
export function recInput(hm: FloatArray | null, hPrev: FloatArray, recMask: FloatArray | null): FloatArray {
  if (!recMask || !hm) return hPrev;
  for (let i = 0; i < hm.length; i++) hm[i] = hPrev[i] * recMask[i];
  return hm;
}

/**
 * All recurrent GEMM inputs of a sequence, for the one weight-gradient GEMM after the BPTT loop:
 * out[s] = h_{s−1} ⊙ recMask, out [T,B,H] (h_{−1} = h0).
 */
export function allRecInputs(out: FloatArray, hSeq: FloatArray, h0: FloatArray, recMask: FloatArray | null,
  T: number, BH: number): void {
  out.set(h0, 0);
  if (T > 1) out.set(hSeq.subarray(0, (T - 1) * BH), BH);
  if (recMask) {
    for (let s = 0; s < T; s++) {
      const o = s * BH;
      for (let i = 0; i < BH; i++) out[o + i] *= recMask[i];
    }
  }
}

/** True when step s of batch row b is masked out (timeMask [T,B], 0 = masked). */
export function isMasked(timeMask: FloatArray | null, s: number, b: number, B: number): boolean {
  return timeMask !== null && timeMask[s * B + b] === 0;
}

/** y[i] += x[i] for i < n. */
export function addInto(y: FloatArray, x: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) y[i] += x[i];
}

/**
 * Rows of step s of a forward kernel's input projection, [B,G]: a view of the dense xProj [T,B,G]
 * (xIds null), or the table rows xProj[xIds[s·B + b]] (xProj [V,G], xIds [T,B]) copied into buf [B,G].
 */
export function stepRows(xProj: FloatArray, xIds: Int32Array | null, s: number, B: number, G: number, buf: FloatArray | null): FloatArray {
  if (!xIds || !buf) return xProj.subarray(s * B * G, (s + 1) * B * G);
  for (let b = 0; b < B; b++) {
    const id = xIds[s * B + b];
    buf.set(xProj.subarray(id * G, (id + 1) * G), b * G);
  }
  return buf;
}

/** dBias [n] += Σ_r rows[r] over the N rows of rows [N,n] (the input bias's gradient; null: nothing). */
export function addRowSums(dBias: FloatArray | null, rows: FloatArray, N: number, n: number): void {
  if (!dBias) return;
  for (let r = 0; r < N; r++) for (let j = 0; j < n; j++) dBias[j] += rows[r * n + j];
}
