import type { FloatArray } from '../../tensor/tensor.js';

export function sumMid(out: FloatArray, x: FloatArray, outer: number, mid: number, inner: number): void {
  out.fill(0, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let m = 0; m < mid; m++) {
      const src = (o * mid + m) * inner;
      const dst = o * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += x[src + i];
    }
  }
}

export function sumMidGrad(dX: FloatArray, dOut: FloatArray, outer: number, mid: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let m = 0; m < mid; m++) {
      const dst = (o * mid + m) * inner;
      const src = o * inner;
      for (let i = 0; i < inner; i++) dX[dst + i] += dOut[src + i];
    }
  }
}

export function maxMid(out: FloatArray, argmax: Int32Array, x: FloatArray, outer: number, mid: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let arg = 0;
      for (let m = 0; m < mid; m++) {
        const v = x[(o * mid + m) * inner + i];
        if (v > best || Number.isNaN(v)) {
          best = v;
          arg = m;
          if (Number.isNaN(v)) break;
        }
      }
      out[o * inner + i] = best;
      argmax[o * inner + i] = arg;
    }
  }
}

export function maxMidGrad(dX: FloatArray, argmax: Int32Array, dOut: FloatArray, outer: number, mid: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) dX[(o * mid + argmax[o * inner + i]) * inner + i] += dOut[o * inner + i];
  }
}

export function softmax(out: FloatArray, x: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) if (x[off + j] > mx) mx = x[off + j];
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[off + j] - mx);
      out[off + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) out[off + j] *= inv;
  }
}

export function softmaxGrad(dX: FloatArray, y: FloatArray, dY: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dY[off + j] * y[off + j];
    for (let j = 0; j < cols; j++) dX[off + j] += y[off + j] * (dY[off + j] - dot);
  }
}

export function logSoftmax(out: FloatArray, x: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) if (x[off + j] > mx) mx = x[off + j];
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[off + j] - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < cols; j++) out[off + j] = x[off + j] - lse;
  }
}

export function logSoftmaxGrad(dX: FloatArray, y: FloatArray, dY: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += dY[off + j];
    for (let j = 0; j < cols; j++) dX[off + j] += dY[off + j] - Math.exp(y[off + j]) * s;
  }
}
