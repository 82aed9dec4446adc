// The native backend: the reference backend with its hot kernels replaced by the addon's float32
// versions. Every override hands Float64Array calls (gradcheck) and functions the addon lacks to
// the reference kernel, so the native backend has exactly the reference semantics.
import type { Backend, BinaryFn, UnaryFn } from '../../backend/backend.js';
import type { FloatArray } from '../../tensor/tensor.js';
import { refBackend as ref } from '../ref/index.js';
import { BINARY_CODES, UNARY_CODES, type NativeBinding } from './binding.js';

function f32(x: FloatArray): x is Float32Array {
  return x instanceof Float32Array;
}

export function createNativeBackend(nb: NativeBinding): Backend {
  return {
    ...ref,
    name: 'native',
    matmul(out, a, b, m, n, k, transA, transB, accumulate): void {
      if (f32(out) && f32(a) && f32(b)) nb.matmul(out, a, b, m, n, k, transA, transB, accumulate);
      else ref.matmul(out, a, b, m, n, k, transA, transB, accumulate);
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
    scatterAdd(dTable, ids, dOut, nIds, dim): void {
      if (f32(dTable) && f32(dOut)) nb.scatterAdd(dTable, ids, dOut, nIds, dim);
      else ref.scatterAdd(dTable, ids, dOut, nIds, dim);
    },
    copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate): void {
      if (f32(dst) && f32(src)) nb.copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate);
      else ref.copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, accumulate);
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
  };
}
