import type { FloatArray } from '../../../tensor/tensor.js';
import { matmul } from '../matmul.js';
import { addInto, addRowSums, allRecInputs, isMasked, prevState, recInput, scratch, stepRows } from './common.js';

/** SimpleRNN forward over a whole sequence; see RnnKernels.simpleRnnSeqForward for the shapes. */
export function simpleRnnSeqForward(hSeq: FloatArray, xProj: FloatArray, xIds: Int32Array | null, U: FloatArray, h0: FloatArray,
  recMask: FloatArray | null, timeMask: FloatArray | null, T: number, B: number, H: number): void {
  const BH = B * H;
  const hm = recMask ? scratch(h0, BH) : null; // hm [B,H]
  const xs = xIds ? scratch(h0, BH) : null; // xs [B,H]: the step's table rows
  for (let s = 0; s < T; s++) {
    const hPrev = prevState(hSeq, h0, s, BH);
    const out = hSeq.subarray(s * BH, (s + 1) * BH); // out [B,H], view of step s
    out.set(stepRows(xProj, xIds, s, B, H, xs));
    matmul(out, recInput(hm, hPrev, recMask), U, B, H, H, false, false, true);
    for (let b = 0; b < B; b++) {
      const o = b * H;
      if (isMasked(timeMask, s, b, B)) {
        for (let j = 0; j < H; j++) out[o + j] = hPrev[o + j];
      } else {
        for (let j = 0; j < H; j++) out[o + j] = Math.tanh(out[o + j]);
      }
    }
  }
}

/** SimpleRNN BPTT; see RnnKernels.simpleRnnSeqBackward. */
export function simpleRnnSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dH0: FloatArray | null, dHSeq: FloatArray | null,
  dHLast: FloatArray | null, hSeq: FloatArray, U: FloatArray, h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
  T: number, B: number, H: number): void {
  const BH = B * H;
  const dh = scratch(h0, BH); // dh [B,H]: gradient w.r.t. the state after the current step, from later steps
  if (dHLast) dh.set(dHLast); // the last output's gradient: as if added into dHSeq[T−1]
  const g = scratch(h0, BH); // g [B,H]: total gradient w.r.t. hSeq[s]
  for (let s = T - 1; s >= 0; s--) {
    const o = s * BH;
    for (let i = 0; i < BH; i++) g[i] = (dHSeq ? dHSeq[o + i] : 0) + dh[i];
    const dZs = dXProj.subarray(o, o + BH); // [B,H] view: the pre-activation gradients of step s
    for (let b = 0; b < B; b++) {
      if (isMasked(timeMask, s, b, B)) {
        dZs.fill(0, b * H, (b + 1) * H);
        continue;
      }
      for (let j = b * H; j < (b + 1) * H; j++) {
        const h = hSeq[o + j];
        dZs[j] = g[j] * (1 - h * h);
      }
    }
    matmul(dh, dZs, U, B, H, H, false, true, false); // dh = dZ_s · Uᵀ
    if (recMask) for (let i = 0; i < BH; i++) dh[i] *= recMask[i];
    for (let b = 0; b < B; b++) {
      if (isMasked(timeMask, s, b, B)) for (let j = b * H; j < (b + 1) * H; j++) dh[j] = g[j];
    }
  }
  if (dH0) addInto(dH0, dh, BH);
  const hIn = scratch(h0, T * BH); // hIn [T,B,H]: h_{s−1} ⊙ recMask
  allRecInputs(hIn, hSeq, h0, recMask, T, BH);
  matmul(dU, hIn, dXProj, H, H, T * B, true, false, true); // dU += hInᵀ · dXProj
  addRowSums(dBias, dXProj, T * B, H);
}
