import { defineOp } from '../autograd/op.js';
import type { BinaryFn, UnaryFn } from '../backend/backend.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, stridesOf } from '../tensor/tensor.js';
import { K, allocFloat, empty, sameFloat, type FloatArray } from './util.js';

/** Numpy broadcasting: the output shape and, for each input, strides that are 0 on broadcast axes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], where: string): {
  shape: number[]; aStrides: number[]; bStrides: number[];
} {
  const rank = Math.max(a.length, b.length);
  const shape: number[] = [];
  const aStrides = new Array<number>(rank).fill(0);
  const bStrides = new Array<number>(rank).fill(0);
  let sa = 1;
  let sb = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const da = a[i - (rank - a.length)] ?? 1;
    const db = b[i - (rank - b.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${where}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i}: ${da} vs ${db}).`);
    }
    shape[i] = Math.max(da, db);
    if (da === 0 || db === 0) shape[i] = 0;
    aStrides[i] = da === 1 ? 0 : sa;
    bStrides[i] = db === 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  return { shape, aStrides, bStrides };
}

/**
 * Numpy broadcasting of any number of shapes: the output shape and, per input, strides of the
 * output's rank that are 0 on broadcast axes.
 */
export function broadcastAll(shapes: readonly (readonly number[])[], where: string): { shape: number[]; strides: number[][] } {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const shape = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    for (const s of shapes) {
      const d = s[i - (rank - s.length)] ?? 1;
      if (d === 1) continue;
      if (shape[i] !== 1 && shape[i] !== d) {
        throw new ShapeError(`${where}: shapes ${shapes.map((q) => fmtShape(q)).join(', ')} cannot be broadcast together (axis ${i}: ${shape[i]} vs ${d}).`);
      }
      shape[i] = d;
    }
  }
  const strides = shapes.map((s) => {
    const st = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = rank - 1; i >= 0; i--) {
      const d = s[i - (rank - s.length)] ?? 1;
      st[i] = d === 1 ? 0 : acc;
      acc *= d;
    }
    return st;
  });
  return { shape, strides };
}

function binaryOp(fn: BinaryFn) {
  return defineOp(fn, (a: Tensor, b: Tensor) => {
    const dtype = sameFloat(fn, a, b);
    const { shape, aStrides, bStrides } = broadcastShapes(a.shape, b.shape, fn);
    const y = empty(shape, dtype); // y [broadcast(a.shape, b.shape)]
    K().binary(y.floats(), a.floats(), b.floats(), shape, aStrides, bStrides, fn);
    return {
      inputs: [a, b],
      outputs: y,
      backward: ([dY], [dA, dB]) => K().binaryGrad(dA, dB, a.floats(), b.floats(), dY, shape, aStrides, bStrides, fn),
    };
  });
}

/** a + b with broadcasting. */
export const add = binaryOp('add');
/** a − b with broadcasting. */
export const sub = binaryOp('sub');
/** a ⊙ b with broadcasting. */
export const mul = binaryOp('mul');
/** a / b with broadcasting. */
export const div = binaryOp('div');
/** Elementwise max with broadcasting (gradient goes to a on ties). */
export const maximum = binaryOp('maximum');
/** Elementwise min with broadcasting (gradient goes to a on ties). */
export const minimum = binaryOp('minimum');

function unaryOp(fn: UnaryFn) {
  return defineOp(fn, (x: Tensor) => {
    const dtype = sameFloat(fn, x);
    const y = empty(x.shape, dtype); // y [...x.shape]
    K().unary(y.floats(), x.floats(), y.size, fn);
    return {
      inputs: [x],
      outputs: y,
      backward: ([dY], [dX]) => dX && K().unaryGrad(dX, x.floats(), y.floats(), dY, y.size, fn),
    };
  });
}

export const tanh = unaryOp('tanh');
export const sigmoid = unaryOp('sigmoid');
export const hardSigmoid = unaryOp('hardSigmoid');
export const relu = unaryOp('relu');
export const relu6 = unaryOp('relu6');
export const elu = unaryOp('elu');
export const selu = unaryOp('selu');
export const softplus = unaryOp('softplus');
export const softsign = unaryOp('softsign');
export const swish = unaryOp('swish');
export const exp = unaryOp('exp');
export const log = unaryOp('log');
export const neg = unaryOp('neg');
export const abs = unaryOp('abs');
export const sqrt = unaryOp('sqrt');
export const square = unaryOp('square');

/** Applies a named elementwise function ('tanh', 'sigmoid', 'relu', 'linear', ...). */
export function applyUnary(fn: UnaryFn, x: Tensor): Tensor {
  return fn === 'linear' ? x : unaryOps[fn](x);
}

const unaryOps: Record<Exclude<UnaryFn, 'linear'>, (x: Tensor) => Tensor> = {
  tanh, sigmoid, hardSigmoid, relu, relu6, elu, selu, softplus, softsign, swish, exp, log, neg, abs, sqrt, square,
};

/** alpha · x + beta, elementwise (scalar scale and shift). */
export const scale = defineOp('scale', (x: Tensor, alpha: number, beta: number = 0) => {
  const dtype = sameFloat('scale', x);
  const y = empty(x.shape, dtype); // y [...x.shape]
  K().affine(y.floats(), x.floats(), y.size, alpha, beta);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().axpy(dX, dY, y.size, alpha),
  };
});

/** A scalar as a tensor of the same precision as `like`. */
export function scalarLike(value: number, like: Tensor): Tensor {
  const t = empty([], like.dtype === 'float64' ? 'float64' : 'float32');
  t.data[0] = value;
  return t;
}

/** A scalar buffer (strides all 0 broadcast it) of the given precision. */
function scalarBuf(value: number, dtype: 'float32' | 'float64'): FloatArray {
  const b = allocFloat(dtype, 1);
  b[0] = value;
  return b;
}

/**
 * Clips values into [lo, hi] (= min(max(x, lo), hi)). The gradient passes where lo ≤ x ≤ hi
 * (boundaries included, like TensorFlow) and is 0 outside.
 */
export const clipByValue = defineOp('clipByValue', (x: Tensor, lo: number, hi: number) => {
  const dtype = sameFloat('clipByValue', x);
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new ValueError(`clipByValue: expected lo <= hi, got lo ${lo} and hi ${hi}.`);
  }
  const shape = x.shape;
  const xStrides = stridesOf(shape);
  const zero = shape.map(() => 0);
  const loB = scalarBuf(lo, dtype);
  const hiB = scalarBuf(hi, dtype);
  const lower = allocFloat(dtype, x.size); // max(x, lo) [...x.shape]
  K().binary(lower, x.floats(), loB, shape, xStrides, zero, 'maximum');
  const y = empty(shape, dtype); // y [...x.shape]
  K().binary(y.floats(), lower, hiB, shape, xStrides, zero, 'minimum');
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => {
      if (!dX) return;
      const dLower = allocFloat(dtype, x.size); // [...x.shape]
      K().binaryGrad(dLower, null, lower, hiB, dY, shape, xStrides, zero, 'minimum');
      K().binaryGrad(dX, null, x.floats(), loB, dLower, shape, xStrides, zero, 'maximum');
    },
  };
});

/** x ** p elementwise with a scalar exponent (negative x with a non-integer p gives NaN). */
export const pow = defineOp('pow', (x: Tensor, p: number) => {
  const dtype = sameFloat('pow', x);
  if (typeof p !== 'number' || Number.isNaN(p)) throw new ValueError(`pow: expected a numeric exponent, got ${p}.`);
  const y = empty(x.shape, dtype); // y [...x.shape]
  K().powScalar(y.floats(), x.floats(), y.size, p);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().powScalarGrad(dX, x.floats(), dY, y.size, p),
  };
});
