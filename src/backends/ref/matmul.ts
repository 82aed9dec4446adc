import type { FloatArray } from '../../tensor/tensor.js';

/** out[m,n] = a[m,k] · b[k,n] + bias[n] in every row. */
export function matmulBias(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray, m: number, n: number, k: number): void {
  matmul(out, a, b, m, n, k, false, false, false);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += bias[j];
}

/**
 * out[m,n] (=|+=) op(a)[m,k] · op(b)[k,n].
 *
 * Cache-blocked and register-tiled: k is cut into KC-deep slices; per slice op(b) is packed into
 * 4-column panels and op(a) (MC rows at a time) into 4-row panels of a reused Float64Array, so all
 * four transpose cases meet the same micro-kernel, which keeps a 4×4 tile of out in 16 local
 * doubles (V8 keeps them in registers) and streams both panels contiguously. About 4× the plain
 * i-p-j loop in V8; sums are formed in float64 whatever the array precision, so the float32 result
 * is at least as accurate as the plain loop's. Tiny products take the plain loop.
 */
export function matmul(out: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number,
  transA: boolean, transB: boolean, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return;
  if (m * n * k <= SMALL || m < 2 || n < 2) {
    plainMatmul(out, a, b, m, n, k, transA, transB);
    return;
  }
  const n4 = (n + 3) & ~3;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    const bp = packB(b, n, k, p0, kc, n4, transB);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = Math.min(MC, m - i0);
      const mc4 = (mc + 3) & ~3;
      const ap = packA(a, m, k, i0, mc, mc4, p0, kc, transA);
      for (let j0 = 0; j0 < n4; j0 += 4) {
        const cols = Math.min(4, n - j0);
        for (let r0 = 0; r0 < mc4; r0 += 4) {
          let ia = r0 * kc;
          let ib = j0 * kc;
          const end = ia + 4 * kc;
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          for (; ia < end; ia += 4, ib += 4) {
            const a0 = ap[ia], a1 = ap[ia + 1], a2 = ap[ia + 2], a3 = ap[ia + 3];
            const b0 = bp[ib], b1 = bp[ib + 1], b2 = bp[ib + 2], b3 = bp[ib + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
          }
          const rows = Math.min(4, mc - r0);
          let o = (i0 + r0) * n + j0;
          if (rows === 4 && cols === 4) {
            out[o] += c00; out[o + 1] += c01; out[o + 2] += c02; out[o + 3] += c03; o += n;
            out[o] += c10; out[o + 1] += c11; out[o + 2] += c12; out[o + 3] += c13; o += n;
            out[o] += c20; out[o + 1] += c21; out[o + 2] += c22; out[o + 3] += c23; o += n;
            out[o] += c30; out[o + 1] += c31; out[o + 2] += c32; out[o + 3] += c33;
          } else {
            const t = tile;
            t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
            t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
            for (let r = 0; r < rows; r++, o += n) for (let c = 0; c < cols; c++) out[o + c] += t[4 * r + c];
          }
        }
      }
    }
  }
}

/** Depth of a k-slice (a 4-wide panel of it is 8 KiB of doubles: stays in L1). */
const KC = 256;
/** Rows of op(a) packed at a time (MC·KC doubles = 256 KiB: stays in L2). */
const MC = 128;
/** Products with at most this many multiply-adds take the plain loop (packing would dominate). */
const SMALL = 4096;

let aPack = new Float64Array(MC * KC); // aPack [MC/4, KC, 4]: 4-row panels of op(a)
let bPack = new Float64Array(KC * 64); // bPack [n4/4, kc, 4]: 4-column panels of op(b), grown on demand
const tile = new Float64Array(16); // tile [4,4]: an edge tile before its partial write-back

/** Packs rows i0..i0+mc of op(a), depths p0..p0+kc, as ap[(r/4)·kc·4 + p·4 + r%4] (zero rows past mc). */
function packA(a: FloatArray, m: number, k: number, i0: number, mc: number, mc4: number, p0: number, kc: number,
  transA: boolean): Float64Array {
  if (aPack.length < mc4 * kc) aPack = new Float64Array(mc4 * kc);
  const ap = aPack;
  for (let r0 = 0; r0 < mc4; r0 += 4) {
    const base = r0 * kc;
    for (let r = 0; r < 4; r++) {
      const row = r0 + r;
      if (row >= mc) {
        for (let p = 0; p < kc; p++) ap[base + 4 * p + r] = 0;
      } else if (transA) {
        let src = p0 * m + i0 + row; // a stored [k, m]
        for (let p = 0; p < kc; p++, src += m) ap[base + 4 * p + r] = a[src];
      } else {
        const src = (i0 + row) * k + p0; // a stored [m, k]
        for (let p = 0; p < kc; p++) ap[base + 4 * p + r] = a[src + p];
      }
    }
  }
  return ap;
}

/** Packs depths p0..p0+kc of op(b) as bp[(j/4)·kc·4 + p·4 + j%4] (zero columns past n). */
function packB(b: FloatArray, n: number, k: number, p0: number, kc: number, n4: number, transB: boolean): Float64Array {
  if (bPack.length < n4 * kc) bPack = new Float64Array(n4 * kc);
  const bp = bPack;
  if (transB) {
    for (let j = 0; j < n; j++) {
      const base = (j >> 2) * 4 * kc + (j & 3);
      const src = j * k + p0; // b stored [n, k]
      for (let p = 0; p < kc; p++) bp[base + 4 * p] = b[src + p];
    }
  } else {
    for (let p = 0; p < kc; p++) {
      const src = (p0 + p) * n; // b stored [k, n]
      let dst = 4 * p;
      for (let j = 0; j < n; j += 4, dst += 4 * kc) {
        bp[dst] = b[src + j];
        if (j + 3 < n) {
          bp[dst + 1] = b[src + j + 1];
          bp[dst + 2] = b[src + j + 2];
          bp[dst + 3] = b[src + j + 3];
        } else {
          bp[dst + 1] = j + 1 < n ? b[src + j + 1] : 0;
          bp[dst + 2] = j + 2 < n ? b[src + j + 2] : 0;
          bp[dst + 3] = 0;
        }
      }
    }
  }
  if (transB && n < n4) {
    for (let j = n; j < n4; j++) {
      const base = (j >> 2) * 4 * kc + (j & 3);
      for (let p = 0; p < kc; p++) bp[base + 4 * p] = 0;
    }
  }
  return bp;
}

/** out[m,n] += op(a)·op(b) as a plain i-p-j loop (small products and single rows/columns). */
function plainMatmul(out: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number,
  transA: boolean, transB: boolean): void {
  for (let i = 0; i < m; i++) {
    const oRow = i * n;
    for (let p = 0; p < k; p++) {
      const av = transA ? a[p * m + i] : a[i * k + p];
      if (transB) {
        for (let j = 0; j < n; j++) out[oRow + j] += av * b[j * k + p];
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) out[oRow + j] += av * b[bRow + j];
      }
    }
  }
}
