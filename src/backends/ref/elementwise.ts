import type { BinaryFn, UnaryFn } from '../../backend/backend.js';
import type { FloatArray } from '../../tensor/tensor.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Scalar forward of each unary function (the spec for every backend). */
export function unaryScalar(fn: UnaryFn, x: number): number {
  switch (fn) {
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    case 'hardSigmoid': return Math.max(0, Math.min(1, 0.2 * x + 0.5));
    case 'relu': return x > 0 ? x : 0;
    case 'relu6': return Math.min(Math.max(x, 0), 6);
    case 'elu': return x > 0 ? x : Math.exp(x) - 1;
    case 'selu': return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Math.exp(x) - 1);
    case 'softplus': return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    case 'softsign': return x / (1 + Math.abs(x));
    case 'swish': return x * unaryScalar('sigmoid', x);
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'neg': return -x;
    case 'abs': return Math.abs(x);
    case 'sqrt': return Math.sqrt(x);
    case 'square': return x * x;
    case 'linear': return x;
  }
}

/** f'(x), given x and y = f(x). */
export function unaryDerivative(fn: UnaryFn, x: number, y: number): number {
  switch (fn) {
    case 'tanh': return 1 - y * y;
    case 'sigmoid': return y * (1 - y);
    case 'hardSigmoid': return x > -2.5 && x < 2.5 ? 0.2 : 0;
    case 'relu': return x > 0 ? 1 : 0;
    case 'relu6': return x > 0 && x < 6 ? 1 : 0;
    case 'elu': return x > 0 ? 1 : y + 1;
    case 'selu': return x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case 'softplus': return unaryScalar('sigmoid', x);
    case 'softsign': { const d = 1 + Math.abs(x); return 1 / (d * d); }
    case 'swish': { const s = unaryScalar('sigmoid', x); return s + x * s * (1 - s); }
    case 'exp': return y;
    case 'log': return 1 / x;
    case 'neg': return -1;
    case 'abs': return x > 0 ? 1 : x < 0 ? -1 : 0;
    case 'sqrt': return 0.5 / y;
    case 'square': return 2 * x;
    case 'linear': return 1;
  }
}

export function unary(out: FloatArray, x: FloatArray, n: number, fn: UnaryFn): void {
  switch (fn) {
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = unaryScalar('sigmoid', x[i]); return;
    case 'relu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0; return;
    default: for (let i = 0; i < n; i++) out[i] = unaryScalar(fn, x[i]);
  }
}

export function unaryGrad(dX: FloatArray, x: FloatArray, y: FloatArray, dY: FloatArray, n: number, fn: UnaryFn): void {
  for (let i = 0; i < n; i++) dX[i] += dY[i] * unaryDerivative(fn, x[i], y[i]);
}

function binaryScalar(fn: BinaryFn, a: number, b: number): number {
  switch (fn) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'maximum': return a >= b ? a : b;
    case 'minimum': return a <= b ? a : b;
  }
}

/** Walks every index of outShape, calling visit(outFlat, aFlat, bFlat). */
function forEachBroadcast(outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[],
  visit: (o: number, ia: number, ib: number) => void): void {
  const rank = outShape.length;
  let total = 1;
  for (const d of outShape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o++) {
    visit(o, ia, ib);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += aStrides[d];
      ib += bStrides[d];
      if (idx[d] < outShape[d]) break;
      ia -= aStrides[d] * outShape[d];
      ib -= bStrides[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export function binary(out: FloatArray, a: FloatArray, b: FloatArray, outShape: readonly number[],
  aStrides: readonly number[], bStrides: readonly number[], fn: BinaryFn): void {
  forEachBroadcast(outShape, aStrides, bStrides, (o, ia, ib) => {
    out[o] = binaryScalar(fn, a[ia], b[ib]);
  });
}

export function binaryGrad(dA: FloatArray | null, dB: FloatArray | null, a: FloatArray, b: FloatArray, dOut: FloatArray,
  outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[], fn: BinaryFn): void {
  forEachBroadcast(outShape, aStrides, bStrides, (o, ia, ib) => {
    const g = dOut[o];
    const av = a[ia];
    const bv = b[ib];
    let ga: number;
    let gb: number;
    switch (fn) {
      case 'add': ga = g; gb = g; break;
      case 'sub': ga = g; gb = -g; break;
      case 'mul': ga = g * bv; gb = g * av; break;
      case 'div': ga = g / bv; gb = (-g * av) / (bv * bv); break;
      case 'maximum': ga = av >= bv ? g : 0; gb = av >= bv ? 0 : g; break;
      case 'minimum': ga = av <= bv ? g : 0; gb = av <= bv ? 0 : g; break;
    }
    if (dA) dA[ia] += ga;
    if (dB) dB[ib] += gb;
  });
}

export function affine(out: FloatArray, x: FloatArray, n: number, alpha: number, beta: number): void {
  for (let i = 0; i < n; i++) out[i] = alpha * x[i] + beta;
}

export function axpy(y: FloatArray, x: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}
