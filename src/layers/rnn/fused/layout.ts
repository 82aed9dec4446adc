/**
 * Layout helpers of the fused recurrent ops: batch-major [B,T,·] tensors ↔ the time-major,
 * processing-order [T,B,·] arrays the RnnKernels take, and the one-GEMM input projection.
 */
import { ShapeError, ValueError, fmtShape } from '../../../errors.js';
import { K } from '../../../ops/util.js';
import { pooledBuffer } from '../../../tensor/pool.js';
import type { FloatArray, Tensor } from '../../../tensor/tensor.js';

export type FloatKind = 'float32' | 'float64';

/** Constant (non-differentiated) inputs of a fused recurrent op. */
export interface SeqConstants {
  /** Input-dropout mask [B,D] (scaled), or null. */
  inMask: Tensor | null;
  /** Recurrent-dropout mask [B,H] (scaled), or null. */
  recMask: Tensor | null;
  /** Time mask [B,T] (1 = real step, 0 = masked), or null. */
  timeMask: Tensor | null;
  /** Process time reversed (the output sequence is then in processing order, as Keras returns it). */
  goBackwards: boolean;
  /**
   * Whether the caller uses the output sequence (default true). When false the op neither builds
   * the [B,T,H] sequence nor back-propagates a gradient for it (returnSequences false).
   */
  needSeq?: boolean;
  /**
   * Inference only (no tape): the input projection as rows of a table P = E·W + b [V, G] picked by
   * the embedding ids [B,T] that produced x (src/layers/inference.ts); x's values are then unused.
   */
  projected?: { ids: Tensor; table: FloatArray } | null;
  /**
   * x [B,T,D] holds rows of a table [V, D] picked by these ids [B,T] (an Embedding's output): rows
   * with equal ids are equal, so repeated tokens share one input projection (fused/unique.ts).
   * summedOnly: x's gradient is only summed per id after this op (a model step's intermediate).
   */
  rowIds?: { ids: Tensor; V: number; summedOnly: boolean } | null;
}

/** The precision of a float array. */
export function kindOf(a: FloatArray): FloatKind {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** A tensor's values in the given float precision (the same array when it already matches). */
export function floatsAs(t: Tensor | null, dtype: FloatKind): FloatArray | null {
  if (!t) return null;
  if (t.dtype === dtype) return t.data as FloatArray;
  return dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data);
}

/** Input time index of processing step s. */
function src(s: number, T: number, reverse: boolean): number {
  return reverse ? T - 1 - s : s;
}

/** Swaps the first two axes of a 3-D array: [P,Q,R] ↔ [Q,P,R] (the batch/time reshuffles). */
const SWAP01 = [1, 0, 2] as const;

/** xTM [T,B,D] = x [B,T,D] in processing order, ⊙ inMask [B,D] when given. */
export function inputsTimeMajor(x: FloatArray, inMask: FloatArray | null, B: number, T: number, D: number, reverse: boolean): FloatArray {
  const out = pooledBuffer(kindOf(x), T * B * D); // out [T,B,D]
  if (!reverse) {
    K().transpose(out, x, [B, T, D], SWAP01);
    if (inMask) K().binary(out, out, inMask, [T, B, D], [B * D, D, 1], [0, D, 1], 'mul');
    return out;
  }
  for (let s = 0; s < T; s++) {
    const t = src(s, T, reverse);
    for (let b = 0; b < B; b++) {
      const o = (s * B + b) * D;
      const i = (b * T + t) * D;
      if (inMask) for (let d = 0; d < D; d++) out[o + d] = x[i + d] * inMask[b * D + d];
      else out.set(x.subarray(i, i + D), o);
    }
  }
  return out;
}

/**
 * dX [B,T,D] += dxTM [T,B,D] mapped back (the gradient of inputsTimeMajor); `write`: dX = … instead
 * (dX uninitialised: a fresh tape buffer). dxTM is scratch: with a mask it is multiplied by the
 * mask in place.
 */
export function inputsTimeMajorGrad(dX: FloatArray, dxTM: FloatArray, inMask: FloatArray | null, B: number, T: number, D: number,
  reverse: boolean, write = false): void {
  if (!reverse) {
    if (inMask) K().binary(dxTM, dxTM, inMask, [T, B, D], [B * D, D, 1], [0, D, 1], 'mul');
    if (write) K().transpose(dX, dxTM, [T, B, D], SWAP01);
    else K().transposeGrad(dX, dxTM, [B, T, D], SWAP01);
    return;
  }
  for (let s = 0; s < T; s++) {
    const t = src(s, T, reverse);
    for (let b = 0; b < B; b++) {
      const o = (s * B + b) * D;
      const i = (b * T + t) * D;
      for (let d = 0; d < D; d++) {
        const v = inMask ? dxTM[o + d] * inMask[b * D + d] : dxTM[o + d];
        dX[i + d] = write ? v : dX[i + d] + v;
      }
    }
  }
}

/** Time mask [B,T] → [T,B] in processing order, in the given precision; null stays null. */
export function timeMaskTimeMajor(mask: Tensor | null, B: number, T: number, reverse: boolean, dtype: FloatKind): FloatArray | null {
  if (!mask) return null;
  if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T) {
    throw new ShapeError(`recurrent layer: mask must have shape [${B}, ${T}] (batch, time) to match the input, got ${fmtShape(mask.shape)}.`);
  }
  const out = pooledBuffer(dtype, T * B); // out [T,B]
  for (let s = 0; s < T; s++) {
    const t = src(s, T, reverse);
    for (let b = 0; b < B; b++) out[s * B + b] = mask.data[b * T + t] !== 0 ? 1 : 0;
  }
  return out;
}

/** out [B,T,H] = hSeq [T,B,H] (same step order). */
export function seqBatchMajor(out: FloatArray, hSeq: FloatArray, B: number, T: number, H: number): void {
  K().transpose(out, hSeq, [T, B, H], SWAP01);
}

/** dHSeq [T,B,H] = dSeq [B,T,H] transposed, or null when the sequence is not used (dSeq null). */
export function seqGradTimeMajor(dSeq: FloatArray | null, B: number, T: number, H: number): FloatArray | null {
  if (!dSeq) return null;
  const out = pooledBuffer(kindOf(dSeq), T * B * H); // out [T,B,H]
  K().transpose(out, dSeq, [B, T, H], SWAP01);
  return out;
}

/** idsTM [T,B] = ids [B,T] in processing order (the rows a forward kernel reads from a projection table). */
export function idsTimeMajor(ids: ArrayLike<number>, B: number, T: number, reverse: boolean): Int32Array {
  const idsTM = new Int32Array(T * B); // idsTM [T,B]
  for (let s = 0; s < T; s++) {
    const t = src(s, T, reverse);
    for (let b = 0; b < B; b++) idsTM[s * B + b] = ids[b * T + t];
  }
  return idsTM;
}

/**
 * The column of the single 1 of every row of x [N, D] when x is one-hot (each row exactly one 1, all
 * else 0, as a character model's input), else null. Real-valued input is rejected at its first
 * element that is neither 0 nor 1.
 */
export function oneHotColumns(x: FloatArray, N: number, D: number): Int32Array | null {
  if (N === 0 || D < 2) return null;
  if (x instanceof Float32Array) return oneHotBits(new Uint32Array(x.buffer, x.byteOffset, N * D), N, D);
  const cols = new Int32Array(N); // cols [N]
  for (let n = 0; n < N; n++) {
    let hot = -1;
    for (let d = 0, o = n * D; d < D; d++) {
      const v = x[o + d];
      if (v === 0) continue;
      if (v !== 1 || hot >= 0) return null;
      hot = d;
    }
    if (hot < 0) return null;
    cols[n] = hot;
  }
  return cols;
}

/** float32 1.0 and −0.0 as bits. */
const ONE_BITS = 0x3f800000;
const NEG_ZERO_BITS = 0x80000000;

/** oneHotColumns over the bits of float32 values (integer compares: ~3× faster than float loads in V8). */
function oneHotBits(bits: Uint32Array, N: number, D: number): Int32Array | null {
  const cols = new Int32Array(N); // cols [N]
  for (let n = 0; n < N; n++) {
    let hot = -1;
    for (let d = 0, o = n * D; d < D; d++) {
      const v = bits[o + d];
      if (v === 0 || v === NEG_ZERO_BITS) continue;
      if (v !== ONE_BITS || hot >= 0) return null;
      hot = d;
    }
    if (hot < 0) return null;
    cols[n] = hot;
  }
  return cols;
}

/**
 * xProj [N, kH] = xTM [N, D] · W [D, kH] + bias [kH] (bias may be null); N = T·B; a pooled buffer.
 */
export function projectInputs(xTM: FloatArray, W: FloatArray, bias: FloatArray | null, N: number, D: number, kH: number): FloatArray {
  const out = pooledBuffer(kindOf(xTM), N * kH); // out [T·B, kH]
  projectInputsInto(out, xTM, W, bias, N, D, kH);
  return out;
}

/**
 * The projection table of one-hot input, W [D, kH] + bias [kH] in every row (W itself without a
 * bias): the forward kernels read row hot[n] of it for input row n, the same single rounding the
 * GEMM x·W + b makes, without its D-fold work.
 */
export function oneHotTable(W: FloatArray, bias: FloatArray | null, D: number, kH: number): FloatArray {
  if (!bias) return W;
  const table = pooledBuffer(kindOf(W), D * kH); // table [D, kH]
  K().binary(table, W, bias, [D, kH], [kH, 1], [0, 1], 'add');
  return table;
}

/** out [N, kH] = x [N, D] · W [D, kH] + bias [kH] (bias may be null; added in the GEMM's store). */
export function projectInputsInto(out: FloatArray, x: FloatArray, W: FloatArray, bias: FloatArray | null, N: number, D: number, kH: number): void {
  if (bias) K().matmulBias(out, x, W, bias, N, kH, D);
  else K().matmul(out, x, W, N, kH, D, false, false, false);
}

/**
 * Gradient of projectInputs followed by inputsTimeMajor: dW += xTMᵀ·dXProj (a scatter-add of rows
 * for one-hot input), dX [B,T,D] += (dXProj·Wᵀ) mapped back (= with writeDX: dX is a fresh tape
 * buffer). dX, dW may be null. (The bias gradient Σ_n dXProj[n] comes from the backward kernel.)
 */
export function projectInputsGrad(dX: FloatArray | null, dW: FloatArray | null, dXProj: FloatArray, xTM: FloatArray | null,
  W: FloatArray, inMask: FloatArray | null, B: number, T: number, D: number, kH: number, reverse: boolean,
  hot: Int32Array | null, writeDX: boolean): void {
  const N = T * B;
  if (dW && hot) K().scatterAdd(dW, hot, dXProj, N, kH); // one-hot rows: dW[hot[n]] += dXProj[n]
  else if (dW) {
    if (!xTM) throw new ValueError('fused recurrent op: the kernel gradient needs the inputs (a backward of an inference-only call).');
    K().matmul(dW, xTM, dXProj, D, kH, N, true, false, true);
  }
  if (dX) {
    const dxTM = pooledBuffer(kindOf(dXProj), N * D); // dxTM [T,B,D]
    K().matmul(dxTM, dXProj, W, N, D, kH, false, true, false);
    inputsTimeMajorGrad(dX, dxTM, inMask, B, T, D, reverse, writeDX);
  }
}
