import type { FloatArray } from '../../../tensor/tensor.js';
import { matmul } from '../matmul.js';
import { addInto, addRowSums, allRecInputs, isMasked, prevState, recInput, scratch, sigm, stepRows } from './common.js';

/** LSTM forward over a whole sequence; see RnnKernels.lstmSeqForward for the shapes. */
export function lstmSeqForward(hSeq: FloatArray, cSeq: FloatArray, gates: FloatArray | null, xProj: FloatArray,
  xIds: Int32Array | null, U: FloatArray, h0: FloatArray, c0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
  T: number, B: number, H: number): void {
  const BH = B * H;
  const G = 4 * H;
  const hm = recMask ? scratch(h0, BH) : null; // hm [B,H]
  const xs = xIds ? scratch(h0, B * G) : null; // xs [B,4H]: the step's table rows
  const gs = gates ? null : scratch(h0, B * G); // gs [B,4H]: the step's gates when none are kept (inference)
  for (let s = 0; s < T; s++) {
    const hPrev = prevState(hSeq, h0, s, BH);
    const cPrev = prevState(cSeq, c0, s, BH);
    const zs = gs ?? (gates as FloatArray).subarray(s * B * G, (s + 1) * B * G); // zs [B,4H]: pre-activations, then gates in place
    zs.set(stepRows(xProj, xIds, s, B, G, xs));
    matmul(zs, recInput(hm, hPrev, recMask), U, B, G, H, false, false, true);
    const ho = s * BH;
    for (let b = 0; b < B; b++) {
      const zo = b * G;
      const masked = isMasked(timeMask, s, b, B);
      for (let j = 0; j < H; j++) {
        const i = sigm(zs[zo + j]);
        const f = sigm(zs[zo + H + j]);
        const g = Math.tanh(zs[zo + 2 * H + j]);
        const o = sigm(zs[zo + 3 * H + j]);
        zs[zo + j] = i;
        zs[zo + H + j] = f;
        zs[zo + 2 * H + j] = g;
        zs[zo + 3 * H + j] = o;
        const k = b * H + j;
        if (masked) {
          cSeq[ho + k] = cPrev[k];
          hSeq[ho + k] = hPrev[k];
        } else {
          const c = f * cPrev[k] + i * g;
          cSeq[ho + k] = c;
          hSeq[ho + k] = o * Math.tanh(c);
        }
      }
    }
  }
}

/** LSTM BPTT; see RnnKernels.lstmSeqBackward. */
export function lstmSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dH0: FloatArray | null, dC0: FloatArray | null,
  dHSeq: FloatArray | null, dHLast: FloatArray | null, dCLast: FloatArray | null, hSeq: FloatArray, cSeq: FloatArray, gates: FloatArray,
  U: FloatArray, h0: FloatArray, c0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
  T: number, B: number, H: number): void {
  const BH = B * H;
  const G = 4 * H;
  const dZ = dXProj; // dXProj [T,B,4H] (written): the gate pre-activation gradients of every step
  const dh = scratch(h0, BH); // dh [B,H]: dL/dh_s from later steps
  if (dHLast) dh.set(dHLast); // the last output's gradient: as if added into dHSeq[T−1]
  const dc = scratch(h0, BH); // dc [B,H]: dL/dc_s from later steps
  const gh = scratch(h0, BH); // gh [B,H]: total dL/dh_s
  if (dCLast) dc.set(dCLast);
  for (let s = T - 1; s >= 0; s--) {
    const ho = s * BH;
    const cPrev = prevState(cSeq, c0, s, BH);
    for (let i = 0; i < BH; i++) gh[i] = (dHSeq ? dHSeq[ho + i] : 0) + dh[i];
    const zo0 = s * B * G;
    for (let b = 0; b < B; b++) {
      const zo = zo0 + b * G;
      if (isMasked(timeMask, s, b, B)) { // state carried: dc unchanged, dh set below
        dZ.fill(0, zo, zo + G);
        continue;
      }
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const i = gates[zo + j];
        const f = gates[zo + H + j];
        const g = gates[zo + 2 * H + j];
        const o = gates[zo + 3 * H + j];
        const tc = Math.tanh(cSeq[ho + k]);
        const dcTot = dc[k] + gh[k] * o * (1 - tc * tc);
        dZ[zo + j] = dcTot * g * i * (1 - i);
        dZ[zo + H + j] = dcTot * cPrev[k] * f * (1 - f);
        dZ[zo + 2 * H + j] = dcTot * i * (1 - g * g);
        dZ[zo + 3 * H + j] = gh[k] * tc * o * (1 - o);
        dc[k] = dcTot * f;
      }
    }
    matmul(dh, dZ.subarray(zo0, zo0 + B * G), U, B, H, G, false, true, false); // dh = dZ_s · Uᵀ
    if (recMask) for (let i = 0; i < BH; i++) dh[i] *= recMask[i];
    for (let b = 0; b < B; b++) {
      if (isMasked(timeMask, s, b, B)) for (let k = b * H; k < (b + 1) * H; k++) dh[k] = gh[k];
    }
  }
  if (dH0) addInto(dH0, dh, BH);
  if (dC0) addInto(dC0, dc, BH);
  const hIn = scratch(h0, T * BH); // hIn [T,B,H]: h_{s−1} ⊙ recMask
  allRecInputs(hIn, hSeq, h0, recMask, T, BH);
  matmul(dU, hIn, dZ, H, G, T * B, true, false, true); // dU += hInᵀ · dZ
  addRowSums(dBias, dZ, T * B, G);
}
