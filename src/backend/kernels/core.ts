import type { FloatArray } from '../../tensor/tensor.js';

/** Elementwise unary functions known to the `unary` / `unaryGrad` kernels. */
export const UNARY_FNS = [
  'tanh', 'sigmoid', 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'swish',
  'exp', 'log', 'neg', 'abs', 'sqrt', 'square', 'linear',
] as const;
export type UnaryFn = (typeof UNARY_FNS)[number];

/** Elementwise binary functions known to the broadcasting `binary` / `binaryGrad` kernels. */
export const BINARY_FNS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;
export type BinaryFn = (typeof BINARY_FNS)[number];

/**
 * Core kernels: plain functions over typed arrays and sizes, outputs first, then inputs, then sizes.
 * Gradient kernels (names ending in `Grad`) ACCUMULATE (`+=`) into their output buffers, which the
 * tape hands out zeroed. Arrays may be Float32Array (normal) or Float64Array (gradcheck); all
 * arrays of one call have the same precision.
 */
export interface CoreKernels {
  /**
   * out[m,n] (=|+=) op(a)[m,k] · op(b)[k,n], op = transpose when the flag is set.
   * a is stored [m,k] (or [k,m] if transA), b is stored [k,n] (or [n,k] if transB).
   */
  matmul(out: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number,
    transA: boolean, transB: boolean, accumulate: boolean): void;
  /** out[m,n] = a[m,k] · b[k,n] + bias[n] in every row (a dense layer or input projection with its bias). */
  matmulBias(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray, m: number, n: number, k: number): void;

  /** out[i] = f(x[i]) for i < n. */
  unary(out: FloatArray, x: FloatArray, n: number, fn: UnaryFn): void;
  /** dX[i] += dY[i] · f'(x[i]) (given x and y = f(x)). */
  unaryGrad(dX: FloatArray, x: FloatArray, y: FloatArray, dY: FloatArray, n: number, fn: UnaryFn): void;

  /**
   * out[outShape] = f(a, b) with broadcasting. aStrides/bStrides have outShape's rank and are 0 on
   * broadcast dimensions, so a[idx·aStrides] is the a-value for output index idx.
   */
  binary(out: FloatArray, a: FloatArray, b: FloatArray, outShape: readonly number[],
    aStrides: readonly number[], bStrides: readonly number[], fn: BinaryFn): void;
  /**
   * dA[idx·aStrides] += dOut[idx] · ∂f/∂a, likewise dB (either may be null), summing over broadcast
   * dimensions.
   */
  binaryGrad(dA: FloatArray | null, dB: FloatArray | null, a: FloatArray, b: FloatArray, dOut: FloatArray,
    outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[], fn: BinaryFn): void;

  /** out[i] = alpha · x[i] + beta (scale and shift). */
  affine(out: FloatArray, x: FloatArray, n: number, alpha: number, beta: number): void;
  /** y[i] += alpha · x[i]. */
  axpy(y: FloatArray, x: FloatArray, n: number, alpha: number): void;

  /**
   * Sum over the middle axis of an [outer, mid, inner] view: out[o, i] = Σ_m x[o, m, i].
   * Reductions over several axes are done as a sequence of these (the op handles it).
   */
  sumMid(out: FloatArray, x: FloatArray, outer: number, mid: number, inner: number): void;
  /** Gradient of sumMid: dX[o, m, i] += dOut[o, i]. */
  sumMidGrad(dX: FloatArray, dOut: FloatArray, outer: number, mid: number, inner: number): void;
  /** Max over the middle axis; argmax[o, i] receives the winning m. */
  maxMid(out: FloatArray, argmax: Int32Array, x: FloatArray, outer: number, mid: number, inner: number): void;
  /** Gradient of maxMid: dX[o, argmax[o,i], i] += dOut[o, i]. */
  maxMidGrad(dX: FloatArray, argmax: Int32Array, dOut: FloatArray, outer: number, mid: number, inner: number): void;

  /** Row-wise softmax over the last axis of a [rows, cols] view. */
  softmax(out: FloatArray, x: FloatArray, rows: number, cols: number): void;
  /** dX += y ⊙ (dY − Σ_j dY_j y_j), row-wise, given y = softmax(x). */
  softmaxGrad(dX: FloatArray, y: FloatArray, dY: FloatArray, rows: number, cols: number): void;
  /** Row-wise log-softmax over the last axis (stable: x − max − log Σ exp(x − max)). */
  logSoftmax(out: FloatArray, x: FloatArray, rows: number, cols: number): void;
  /** dX += dY − exp(y) · Σ_j dY_j, row-wise, given y = logSoftmax(x). */
  logSoftmaxGrad(dX: FloatArray, y: FloatArray, dY: FloatArray, rows: number, cols: number): void;

  /** Embedding lookup: out[i, :] = table[ids[i], :] for i < nIds (ids already range-checked). */
  gather(out: FloatArray, table: FloatArray, ids: Int32Array, nIds: number, dim: number): void;
  /** Sparse gradient of gather: dTable[ids[i], :] += dOut[i, :]; touches only the looked-up rows. */
  scatterAdd(dTable: FloatArray, ids: Int32Array, dOut: FloatArray, nIds: number, dim: number): void;
  /** table[ids[i]·dim .. +dim) = 0 for i < nIds (clears the rows a sparse gradient touched). */
  zeroRows(table: FloatArray, ids: Int32Array, nIds: number, dim: number): void;

  /** out = x with axes permuted: out.shape[i] = shape[perm[i]]. */
  transpose(out: FloatArray, x: FloatArray, shape: readonly number[], perm: readonly number[]): void;
  /** dX += dOut permuted back (inverse of transpose). */
  transposeGrad(dX: FloatArray, dOut: FloatArray, shape: readonly number[], perm: readonly number[]): void;

  /**
   * Copies a window of the middle axis of [outer, srcMid, inner] into [outer, dstMid, inner]:
   * dst[o, dstStart + j, i] = src[o, srcStart + j, i] for j < len (slice and concat are built on it).
   * With accumulate, adds instead of assigning (used by gradients).
   */
  copyMid(dst: FloatArray, src: FloatArray, outer: number, inner: number, dstMid: number, dstStart: number,
    srcMid: number, srcStart: number, len: number, accumulate: boolean): void;

  /**
   * out[idx] = mask[idx·maskStrides] ≠ 0 ? a[idx·aStrides] : b[idx·bStrides] with broadcasting (strides
   * have outShape's rank, 0 on broadcast dimensions). The mask has the precision of a and b.
   */
  select(out: FloatArray, mask: FloatArray, a: FloatArray, b: FloatArray, outShape: readonly number[],
    maskStrides: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): void;
  /** dA[idx·aStrides] += mask ≠ 0 ? dOut[idx] : 0, dB likewise where mask = 0 (either may be null). */
  selectGrad(dA: FloatArray | null, dB: FloatArray | null, mask: FloatArray, dOut: FloatArray, outShape: readonly number[],
    maskStrides: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): void;

  /** out[i] = x[i] ** p for i < n (scalar exponent). */
  powScalar(out: FloatArray, x: FloatArray, n: number, p: number): void;
  /** dX[i] += dY[i] · p · x[i] ** (p − 1) (nothing when p = 0). */
  powScalarGrad(dX: FloatArray, x: FloatArray, dY: FloatArray, n: number, p: number): void;
}

export const CORE_KERNELS = [
  'matmul', 'matmulBias', 'unary', 'unaryGrad', 'binary', 'binaryGrad', 'affine', 'axpy', 'sumMid', 'sumMidGrad',
  'maxMid', 'maxMidGrad', 'softmax', 'softmaxGrad', 'logSoftmax', 'logSoftmaxGrad', 'gather', 'scatterAdd', 'zeroRows',
  'transpose', 'transposeGrad', 'copyMid', 'select', 'selectGrad', 'powScalar', 'powScalarGrad',
] as const satisfies readonly (keyof CoreKernels)[];
