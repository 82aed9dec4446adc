import type { FloatArray } from '../../../tensor/tensor.js';
import { matmul } from '../matmul.js';
import { addInto, addRowSums, allRecInputs, isMasked, prevState, recInput, scratch, sigm, stepRows } from './common.js';

/** Copies columns [c0, c0 + w) of a row-major [rows, cols] matrix into a contiguous [rows, w] one. */
function copyCols(dst: FloatArray, src: FloatArray, rows: number, cols: number, c0: number, w: number): void {
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols + c0, r * cols + c0 + w), r * w);
}

/** Adds a contiguous [rows, w] matrix into columns [c0, c0 + w) of a row-major [rows, cols] one. */
function addCols(dst: FloatArray, src: FloatArray, rows: number, cols: number, c0: number, w: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) dst[r * cols + c0 + j] += src[r * w + j];
}

/** GRU forward over a whole sequence; see RnnKernels.gruSeqForward for the shapes. */
export function gruSeqForward(hSeq: FloatArray, cacheSeq: FloatArray | null, xProjSeq: FloatArray, xIds: Int32Array | null,
  U: FloatArray, bRec: FloatArray | null, h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
  T: number, B: number, H: number, resetAfter: boolean): void {
  const BH = B * H;
  const H3 = 3 * H;
  const H4 = 4 * H;
  const xs = xIds ? scratch(h0, B * H3) : null; // xs [B,3H]: the step's table rows
  const cs = cacheSeq ? null : scratch(h0, B * H4); // cs [B,4H]: the step's cache when none is kept (inference)
  const hm = recMask ? scratch(h0, BH) : null; // hm [B,H]
  const rec = scratch(h0, B * H3); // rec [B,3H]: recurrent projection of the step (resetAfter: all blocks; else z, r in the first 2H of each row)
  const Uzr = resetAfter ? null : scratch(U, H * 2 * H); // Uzr [H,2H]
  const Uh = resetAfter ? null : scratch(U, H * H); // Uh [H,H]
  const rh = resetAfter ? null : scratch(h0, BH); // rh [B,H]: r ⊙ hm
  const recH = resetAfter ? null : scratch(h0, BH); // recH [B,H]: (r ⊙ hm) · Uh
  if (Uzr && Uh) {
    copyCols(Uzr, U, H, H3, 0, 2 * H);
    copyCols(Uh, U, H, H3, 2 * H, H);
  }
  for (let s = 0; s < T; s++) {
    const hPrev = prevState(hSeq, h0, s, BH);
    const hin = recInput(hm, hPrev, recMask);
    const xProj = stepRows(xProjSeq, xIds, s, B, H3, xs); // [B,3H]
    const cache = cs ?? (cacheSeq as FloatArray).subarray(s * B * H4, (s + 1) * B * H4); // [B,4H]
    const ho = s * BH;
    if (resetAfter) {
      for (let b = 0; b < B; b++) {
        if (bRec) rec.set(bRec, b * H3);
        else rec.fill(0, b * H3, (b + 1) * H3);
      }
      matmul(rec, hin, U, B, H3, H, false, false, true);
    } else {
      matmul(rec, hin, Uzr as FloatArray, B, 2 * H, H, false, false, false); // rec [B,2H] in the first B·2H entries
    }
    for (let b = 0; b < B; b++) {
      const xo = b * H3;
      const co = b * H4;
      const ro = b * (resetAfter ? H3 : 2 * H);
      for (let j = 0; j < H; j++) {
        const z = sigm(xProj[xo + j] + rec[ro + j]);
        const r = sigm(xProj[xo + H + j] + rec[ro + H + j]);
        cache[co + j] = z;
        cache[co + H + j] = r;
        if (resetAfter) cache[co + 3 * H + j] = rec[ro + 2 * H + j];
        else (rh as FloatArray)[b * H + j] = r * hin[b * H + j];
      }
    }
    if (!resetAfter) matmul(recH as FloatArray, rh as FloatArray, Uh as FloatArray, B, H, H, false, false, false);
    for (let b = 0; b < B; b++) {
      const xo = b * H3;
      const co = b * H4;
      const masked = isMasked(timeMask, s, b, B);
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const z = cache[co + j];
        const r = cache[co + H + j];
        let pre: number;
        if (resetAfter) {
          pre = xProj[xo + 2 * H + j] + r * cache[co + 3 * H + j];
        } else {
          pre = xProj[xo + 2 * H + j] + (recH as FloatArray)[k];
          cache[co + 3 * H + j] = (rh as FloatArray)[k];
        }
        const hh = Math.tanh(pre);
        cache[co + 2 * H + j] = hh;
        hSeq[ho + k] = masked ? hPrev[k] : z * hPrev[k] + (1 - z) * hh;
      }
    }
  }
}

/** GRU BPTT; see RnnKernels.gruSeqBackward. */
export function gruSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dBRec: FloatArray | null, dH0: FloatArray | null,
  dHSeq: FloatArray | null, dHLast: FloatArray | null, hSeq: FloatArray, cache: FloatArray, U: FloatArray, bRec: FloatArray | null,
  h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
  T: number, B: number, H: number, resetAfter: boolean): void {
  void bRec; // the forward cache already holds rec_h = hm·U_h + bRec_h
  const BH = B * H;
  const H3 = 3 * H;
  const H4 = 4 * H;
  const dX = dXProj; // dXProj [T,B,3H] (written): gradients of xProj
  // resetAfter: dRec [T,B,3H] w.r.t. hm·U + bRec. Otherwise dRec [T,B,2H] w.r.t. hm·U_zr, and
  // dRecH [T,B,H] w.r.t. (r ⊙ hm)·U_h.
  const recW = resetAfter ? H3 : 2 * H;
  const dRec = scratch(h0, T * B * recW);
  const dRecH = resetAfter ? null : scratch(h0, T * BH);
  const Uzr = resetAfter ? null : scratch(U, H * 2 * H); // Uzr [H,2H]
  const Uh = resetAfter ? null : scratch(U, H * H); // Uh [H,H]
  if (Uzr && Uh) {
    copyCols(Uzr, U, H, H3, 0, 2 * H);
    copyCols(Uh, U, H, H3, 2 * H, H);
  }
  const hIn = scratch(h0, T * BH); // hIn [T,B,H]: h_{s−1} ⊙ recMask
  allRecInputs(hIn, hSeq, h0, recMask, T, BH);
  const dh = scratch(h0, BH); // dh [B,H]: dL/dh_s from later steps
  if (dHLast) dh.set(dHLast); // the last output's gradient: as if added into dHSeq[T−1]
  const g = scratch(h0, BH); // g [B,H]: total dL/dh_s
  const dRH = resetAfter ? null : scratch(h0, BH); // dRH [B,H]: dL/d(r ⊙ hm)
  const dHin = scratch(h0, BH); // dHin [B,H]: dL/d hm through the recurrent GEMMs
  for (let s = T - 1; s >= 0; s--) {
    const ho = s * BH;
    const hPrev = prevState(hSeq, h0, s, BH);
    for (let i = 0; i < BH; i++) g[i] = (dHSeq ? dHSeq[ho + i] : 0) + dh[i];
    const xo0 = s * B * H3;
    const co0 = s * B * H4;
    const ro0 = s * B * recW;
    // Pass 1: z and ĥ gradients (and, with resetAfter, r too).
    for (let b = 0; b < B; b++) {
      if (isMasked(timeMask, s, b, B)) {
        dX.fill(0, xo0 + b * H3, xo0 + (b + 1) * H3);
        continue;
      }
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const co = co0 + b * H4;
        const z = cache[co + j];
        const hh = cache[co + 2 * H + j];
        const dzPre = g[k] * (hPrev[k] - hh) * z * (1 - z);
        const dhhPre = g[k] * (1 - z) * (1 - hh * hh);
        const xo = xo0 + b * H3;
        const ro = ro0 + b * recW;
        dX[xo + j] = dzPre;
        dX[xo + 2 * H + j] = dhhPre;
        dRec[ro + j] = dzPre;
        if (resetAfter) {
          const r = cache[co + H + j];
          const drPre = dhhPre * cache[co + 3 * H + j] * r * (1 - r);
          dX[xo + H + j] = drPre;
          dRec[ro + H + j] = drPre;
          dRec[ro + 2 * H + j] = dhhPre * r;
        } else {
          (dRecH as FloatArray)[ho + k] = dhhPre;
        }
      }
    }
    if (resetAfter) {
      matmul(dHin, dRec.subarray(ro0, ro0 + B * H3), U, B, H, H3, false, true, false); // dHin = dRec_s · Uᵀ
    } else {
      const dRHs = dRH as FloatArray;
      matmul(dRHs, (dRecH as FloatArray).subarray(ho, ho + BH), Uh as FloatArray, B, H, H, false, true, false);
      // Pass 2: r gradients, now that dL/d(r ⊙ hm) is known.
      for (let b = 0; b < B; b++) {
        if (isMasked(timeMask, s, b, B)) continue;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const r = cache[co0 + b * H4 + H + j];
          const drPre = dRHs[k] * hIn[ho + k] * r * (1 - r);
          dX[xo0 + b * H3 + H + j] = drPre;
          dRec[ro0 + b * recW + H + j] = drPre;
        }
      }
      matmul(dHin, dRec.subarray(ro0, ro0 + B * recW), Uzr as FloatArray, B, H, 2 * H, false, true, false);
      for (let i = 0; i < BH; i++) dHin[i] += dRHs[i] * cache[co0 + Math.floor(i / H) * H4 + H + (i % H)];
    }
    for (let b = 0; b < B; b++) {
      const masked = isMasked(timeMask, s, b, B);
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        if (masked) dh[k] = g[k];
        else dh[k] = g[k] * cache[co0 + b * H4 + j] + dHin[k] * (recMask ? recMask[k] : 1);
      }
    }
  }
  if (dH0) addInto(dH0, dh, BH);
  if (resetAfter) {
    matmul(dU, hIn, dRec, H, H3, T * B, true, false, true); // dU += hInᵀ · dRec
    if (dBRec) for (let n = 0; n < T * B; n++) for (let j = 0; j < H3; j++) dBRec[j] += dRec[n * H3 + j];
  } else {
    const dUzr = scratch(U, H * 2 * H); // dUzr [H,2H]
    matmul(dUzr, hIn, dRec, H, 2 * H, T * B, true, false, false);
    addCols(dU, dUzr, H, H3, 0, 2 * H);
    const rhAll = scratch(h0, T * BH); // rhAll [T,B,H]: r ⊙ hm of every step (from the cache)
    for (let n = 0; n < T * B; n++) rhAll.set(cache.subarray(n * H4 + 3 * H, n * H4 + 4 * H), n * H);
    const dUh = scratch(U, H * H); // dUh [H,H]
    matmul(dUh, rhAll, dRecH as FloatArray, H, H, T * B, true, false, false);
    addCols(dU, dUh, H, H3, 2 * H, H);
  }
  addRowSums(dBias, dXProj, T * B, H3); // dXProj is final only now
}
