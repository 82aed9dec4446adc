// The native backend: the reference backend with its hot kernels replaced by the addon's float32
// versions. Every override hands Float64Array calls (gradcheck) and functions the addon lacks to
// the reference kernel, so the native backend has exactly the reference semantics.
import type { Backend, BinaryFn, RnnKernels, UnaryFn } from '../../backend/backend.js';
import type { FloatArray } from '../../tensor/tensor.js';
import { refBackend as ref } from '../ref/index.js';
import { BINARY_CODES, UNARY_CODES, type NativeBinding } from './binding.js';

function f32(x: FloatArray): x is Float32Array {
  return x instanceof Float32Array;
}

/** Null, or a Float32Array (the optional arrays of the recurrent kernels). */
function f32n(x: FloatArray | null): x is Float32Array | null {
  return x === null || x instanceof Float32Array;
}

/** Every array is float32 (nulls allowed): the addon can take the call. */
function allF32(...xs: (FloatArray | null)[]): boolean {
  return xs.every(f32n);
}

export function createNativeBackend(nb: NativeBinding): Backend {
  return {
    ...ref,
    name: 'native',
    matmul(out, a, b, m, n, k, transA, transB, accumulate): void {
      if (f32(out) && f32(a) && f32(b)) nb.matmul(out, a, b, m, n, k, transA, transB, accumulate);
      else ref.matmul(out, a, b, m, n, k, transA, transB, accumulate);
    },
    matmulBias(out, a, b, bias, m, n, k): void {
      if (f32(out) && f32(a) && f32(b) && f32(bias)) nb.matmulBias(out, a, b, bias, m, n, k);
      else ref.matmulBias(out, a, b, bias, m, n, k);
    },
    unary(out, x, n, fn: UnaryFn): void {
      const code = UNARY_CODES[fn];
      if (code !== undefined && f32(out) && f32(x)) nb.unary(out, x, n, code);
      else ref.unary(out, x, n, fn);
    },
    unaryGrad(dX, x, y, dY, n, fn: UnaryFn): void {
      const code = UNARY_CODES[fn];
      if (code !== undefined && f32(dX) && f32(x) && f32(y) && f32(dY)) nb.unaryGrad(dX, x, y, dY, n, code);
      else ref.unaryGrad(dX, x, y, dY, n, fn);
    },
    binary(out, a, b, outShape, aStrides, bStrides, fn: BinaryFn): void {
      if (f32(out) && f32(a) && f32(b)) nb.binary(out, a, b, outShape, aStrides, bStrides, BINARY_CODES[fn]);
      else ref.binary(out, a, b, outShape, aStrides, bStrides, fn);
    },
    binaryGrad(dA, dB, a, b, dOut, outShape, aStrides, bStrides, fn: BinaryFn): void {
      if ((dA === null || f32(dA)) && (dB === null || f32(dB)) && f32(a) && f32(b) && f32(dOut)) {
        nb.binaryGrad(dA, dB, a, b, dOut, outShape, aStrides, bStrides, BINARY_CODES[fn]);
      } else {
        ref.binaryGrad(dA, dB, a, b, dOut, outShape, aStrides, bStrides, fn);
      }
    },
    affine(out, x, n, alpha, beta): void {
      if (f32(out) && f32(x)) nb.affine(out, x, n, alpha, beta);
      else ref.affine(out, x, n, alpha, beta);
    },
    axpy(y, x, n, alpha): void {
      if (f32(y) && f32(x)) nb.axpy(y, x, n, alpha);
      else ref.axpy(y, x, n, alpha);
    },
    sumMid(out, x, outer, mid, inner): void {
      if (f32(out) && f32(x)) nb.sumMid(out, x, outer, mid, inner);
      else ref.sumMid(out, x, outer, mid, inner);
    },
    sumMidGrad(dX, dOut, outer, mid, inner): void {
      if (f32(dX) && f32(dOut)) nb.sumMidGrad(dX, dOut, outer, mid, inner);
      else ref.sumMidGrad(dX, dOut, outer, mid, inner);
    },
    softmax(out, x, rows, cols): void {
      if (f32(out) && f32(x)) nb.softmax(out, x, rows, cols);
      else ref.softmax(out, x, rows, cols);
    },
    softmaxGrad(dX, y, dY, rows, cols): void {
      if (f32(dX) && f32(y) && f32(dY)) nb.softmaxGrad(dX, y, dY, rows, cols);
      else ref.softmaxGrad(dX, y, dY, rows, cols);
    },
    logSoftmax(out, x, rows, cols): void {
      if (f32(out) && f32(x)) nb.logSoftmax(out, x, rows, cols);
      else ref.logSoftmax(out, x, rows, cols);
    },
    logSoftmaxGrad(dX, y, dY, rows, cols): void {
      if (f32(dX) && f32(y) && f32(dY)) nb.logSoftmaxGrad(dX, y, dY, rows, cols);
      else ref.logSoftmaxGrad(dX, y, dY, rows, cols);
    },
    gather(out, table, ids, nIds, dim): void {
      if (f32(out) && f32(table)) nb.gather(out, table, ids, nIds, dim);
      else ref.gather(out, table, ids, nIds, dim);
    },
    zeroRows(table, ids, nIds, dim): void {
      if (f32(table)) nb.zeroRows(table, ids, nIds, dim);
      else ref.zeroRows(table, ids, nIds, dim);
    },
    scatterAdd(dTable, ids, dOut, nIds, dim): void {
      if (f32(dTable) && f32(dOut)) nb.scatterAdd(dTable, ids, dOut, nIds, dim);
      else ref.scatterAdd(dTable, ids, dOut, nIds, dim);
    },
    copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate): void {
      if (f32(dst) && f32(src)) nb.copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate);
      else ref.copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate);
    },
    transpose(out, x, shape, perm): void {
      if (f32(out) && f32(x) && shape.length <= 8) nb.transpose(out, x, shape, perm);
      else ref.transpose(out, x, shape, perm);
    },
    transposeGrad(dX, dOut, shape, perm): void {
      if (f32(dX) && f32(dOut) && shape.length <= 8) nb.transposeGrad(dX, dOut, shape, perm);
      else ref.transposeGrad(dX, dOut, shape, perm);
    },
    conv1d(out, x, w, bias, d): void {
      if (allF32(out, x, w, bias)) nb.conv1d(out as Float32Array, x as Float32Array, w as Float32Array, bias as Float32Array | null, d);
      else ref.conv1d(out, x, w, bias, d);
    },
    conv1dGrad(dX, dW, dBias, dOut, x, w, d): void {
      if (allF32(dX, dW, dBias, dOut, x, w)) {
        nb.conv1dGrad(dX as Float32Array | null, dW as Float32Array | null, dBias as Float32Array | null,
          dOut as Float32Array, x as Float32Array, w as Float32Array, d);
      } else {
        ref.conv1dGrad(dX, dW, dBias, dOut, x, w, d);
      }
    },
    softmaxXentSparse(probs, x, ids, rows, c): number {
      return f32(probs) && f32(x) ? nb.softmaxXentSparse(probs, x, ids, rows, c) : ref.softmaxXentSparse(probs, x, ids, rows, c);
    },
    softmaxXentSparseGrad(dX, probs, ids, g, rows, c): void {
      if (f32(dX) && f32(probs)) nb.softmaxXentSparseGrad(dX, probs, ids, g, rows, c);
      else ref.softmaxXentSparseGrad(dX, probs, ids, g, rows, c);
    },
    softmaxXent(logSm, x, t, keep, add, rows, c): number {
      return f32(logSm) && f32(x) && t instanceof Float32Array
        ? nb.softmaxXent(logSm, x, t, keep, add, rows, c) : ref.softmaxXent(logSm, x, t, keep, add, rows, c);
    },
    softmaxXentGrad(dX, dT, logSm, t, g, keep, add, rows, c): void {
      if (allF32(dX, dT, logSm) && t instanceof Float32Array) {
        nb.softmaxXentGrad(dX as Float32Array | null, dT as Float32Array | null, logSm as Float32Array, t, g, keep, add, rows, c);
      } else {
        ref.softmaxXentGrad(dX, dT, logSm, t, g, keep, add, rows, c);
      }
    },
    sgdUpdate(w, v, g, n, lr, momentum, nesterov): void {
      if (f32(w) && f32(v) && f32(g)) nb.sgdUpdate(w, v, g, n, lr, momentum, nesterov);
      else ref.sgdUpdate(w, v, g, n, lr, momentum, nesterov);
    },
    rmspropUpdate(w, v, g, n, lr, rho, eps): void {
      if (f32(w) && f32(v) && f32(g)) nb.rmspropUpdate(w, v, g, n, lr, rho, eps);
      else ref.rmspropUpdate(w, v, g, n, lr, rho, eps);
    },
    adamUpdate(w, m, v, g, n, alpha, beta1, beta2, eps): void {
      if (f32(w) && f32(m) && f32(v) && f32(g)) nb.adamUpdate(w, m, v, g, n, alpha, beta1, beta2, eps);
      else ref.adamUpdate(w, m, v, g, n, alpha, beta1, beta2, eps);
    },
    adagradUpdate(w, a, g, n, lr, eps): void {
      if (f32(w) && f32(a) && f32(g)) nb.adagradUpdate(w, a, g, n, lr, eps);
      else ref.adagradUpdate(w, a, g, n, lr, eps);
    },
    sumSquares(g, n): number {
      return f32(g) ? nb.sumSquares(g, n) : ref.sumSquares(g, n);
    },
    ...recurrentKernels(nb),
  };
}

/** The fused whole-sequence recurrent kernels (float32 to the addon, anything else to the reference). */
function recurrentKernels(nb: NativeBinding): RnnKernels {
  return {
    simpleRnnSeqForward(hSeq, xProj, xIds, U, h0, recMask, timeMask, T, B, H): void {
      if (allF32(hSeq, xProj, U, h0, recMask, timeMask)) {
        nb.simpleRnnSeqForward(hSeq as Float32Array, xProj as Float32Array, xIds, U as Float32Array, h0 as Float32Array,
          recMask as Float32Array | null, timeMask as Float32Array | null, T, B, H);
      } else {
        ref.simpleRnnSeqForward(hSeq, xProj, xIds, U, h0, recMask, timeMask, T, B, H);
      }
    },
    simpleRnnSeqBackward(dXProj, dU, dBias, dH0, dHSeq, dHLast, hSeq, U, h0, recMask, timeMask, T, B, H): void {
      if (allF32(dXProj, dU, dBias, dH0, dHSeq, dHLast, hSeq, U, h0, recMask, timeMask)) {
        nb.simpleRnnSeqBackward(dXProj as Float32Array, dU as Float32Array, dBias as Float32Array | null, dH0 as Float32Array | null,
          dHSeq as Float32Array | null, dHLast as Float32Array | null, hSeq as Float32Array, U as Float32Array, h0 as Float32Array,
          recMask as Float32Array | null, timeMask as Float32Array | null, T, B, H);
      } else {
        ref.simpleRnnSeqBackward(dXProj, dU, dBias, dH0, dHSeq, dHLast, hSeq, U, h0, recMask, timeMask, T, B, H);
      }
    },
    lstmSeqForward(hSeq, cSeq, gates, xProj, xIds, U, h0, c0, recMask, timeMask, T, B, H): void {
      if (allF32(hSeq, cSeq, gates, xProj, U, h0, c0, recMask, timeMask)) {
        nb.lstmSeqForward(hSeq as Float32Array, cSeq as Float32Array, gates as Float32Array | null, xProj as Float32Array,
          xIds, U as Float32Array, h0 as Float32Array, c0 as Float32Array, recMask as Float32Array | null,
          timeMask as Float32Array | null, T, B, H);
      } else {
        ref.lstmSeqForward(hSeq, cSeq, gates, xProj, xIds, U, h0, c0, recMask, timeMask, T, B, H);
      }
    },
    lstmSeqBackward(dXProj, dU, dBias, dH0, dC0, dHSeq, dHLast, dCLast, hSeq, cSeq, gates, U, h0, c0, recMask, timeMask, T, B, H): void {
      if (allF32(dXProj, dU, dBias, dH0, dC0, dHSeq, dHLast, dCLast, hSeq, cSeq, gates, U, h0, c0, recMask, timeMask)) {
        nb.lstmSeqBackward(dXProj as Float32Array, dU as Float32Array, dBias as Float32Array | null, dH0 as Float32Array | null,
          dC0 as Float32Array | null, dHSeq as Float32Array | null, dHLast as Float32Array | null, dCLast as Float32Array | null, hSeq as Float32Array,
          cSeq as Float32Array, gates as Float32Array, U as Float32Array, h0 as Float32Array, c0 as Float32Array,
          recMask as Float32Array | null, timeMask as Float32Array | null, T, B, H);
      } else {
        ref.lstmSeqBackward(dXProj, dU, dBias, dH0, dC0, dHSeq, dHLast, dCLast, hSeq, cSeq, gates, U, h0, c0, recMask, timeMask, T, B, H);
      }
    },
    gruSeqForward(hSeq, cache, xProj, xIds, U, bRec, h0, recMask, timeMask, T, B, H, resetAfter): void {
      if (allF32(hSeq, cache, xProj, U, bRec, h0, recMask, timeMask)) {
        nb.gruSeqForward(hSeq as Float32Array, cache as Float32Array | null, xProj as Float32Array, xIds, U as Float32Array,
          bRec as Float32Array | null, h0 as Float32Array, recMask as Float32Array | null,
          timeMask as Float32Array | null, T, B, H, resetAfter);
      } else {
        ref.gruSeqForward(hSeq, cache, xProj, xIds, U, bRec, h0, recMask, timeMask, T, B, H, resetAfter);
      }
    },
    gruSeqBackward(dXProj, dU, dBias, dBRec, dH0, dHSeq, dHLast, hSeq, cache, U, bRec, h0, recMask, timeMask, T, B, H, resetAfter): void {
      if (allF32(dXProj, dU, dBias, dBRec, dH0, dHSeq, dHLast, hSeq, cache, U, bRec, h0, recMask, timeMask)) {
        nb.gruSeqBackward(dXProj as Float32Array, dU as Float32Array, dBias as Float32Array | null, dBRec as Float32Array | null,
          dH0 as Float32Array | null, dHSeq as Float32Array | null, dHLast as Float32Array | null, hSeq as Float32Array, cache as Float32Array,
          U as Float32Array, bRec as Float32Array | null, h0 as Float32Array, recMask as Float32Array | null,
          timeMask as Float32Array | null, T, B, H, resetAfter);
      } else {
        ref.gruSeqBackward(dXProj, dU, dBias, dBRec, dH0, dHSeq, dHLast, hSeq, cache, U, bRec, h0, recMask, timeMask, T, B, H, resetAfter);
      }
    },
  };
}
