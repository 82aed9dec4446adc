// Native conv1d / conv1dGrad (im2col + SGEMM) vs the reference direct convolution: random
// geometries (odd sizes, stride, dilation, 'same'/'causal'-style left padding, windows partly or
// wholly outside the input), null bias / gradients, a case large enough to run in several im2col
// chunks, float64 fallback, and the argument checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import type { Conv1dDims } from '../../src/backend/kernels/conv.js';
import { abs, assertClose, nativeBackend, nb, randn, skip } from './helpers.js';

function dims(batch: number, inLen: number, inCh: number, outCh: number, kernelSize: number, stride: number,
  dilation: number, padLeft: number, padRight: number): Conv1dDims {
  const span = (kernelSize - 1) * dilation + 1;
  const outLen = Math.max(0, Math.floor((inLen + padLeft + padRight - span) / stride) + 1);
  return { batch, inLen, inCh, outLen, outCh, kernelSize, stride, dilation, padLeft };
}

/** Σ|terms| of each output of conv1d (the scale the float32 error is measured against). */
function absConv(x: Float32Array, w: Float32Array, bias: Float32Array | null, d: Conv1dDims): Float32Array {
  const out = new Float32Array(d.batch * d.outLen * d.outCh);
  ref.conv1d(out, abs(x), abs(w), bias ? abs(bias) : null, d);
  return out;
}

function check(rng: Rng, d: Conv1dDims, withBias: boolean, what: string): void {
  const nat = nativeBackend();
  const x = randn(rng, d.batch * d.inLen * d.inCh);
  const w = randn(rng, d.kernelSize * d.inCh * d.outCh, 0.3);
  const bias = withBias ? randn(rng, d.outCh) : null;
  const nOut = d.batch * d.outLen * d.outCh;
  const want = new Float32Array(nOut);
  ref.conv1d(want, x, w, bias, d);
  const got = new Float32Array(nOut).fill(NaN);
  nat.conv1d(got, x, w, bias, d);
  assertClose(got, want, `conv1d ${what}`, absConv(x, w, bias, d));

  const dOut = randn(rng, nOut);
  const dX0 = randn(rng, x.length);
  const dW0 = randn(rng, w.length);
  const dB0 = randn(rng, d.outCh);
  const [dXw, dWw, dBw] = [dX0.slice(), dW0.slice(), dB0.slice()];
  ref.conv1dGrad(dXw, dWw, withBias ? dBw : null, dOut, x, w, d);
  const [dXg, dWg, dBg] = [dX0.slice(), dW0.slice(), dB0.slice()];
  nat.conv1dGrad(dXg, dWg, withBias ? dBg : null, dOut, x, w, d);
  // Scales: the same gradients computed from absolute values, plus the initial contents.
  const [sX, sW, sB] = [abs(dX0), abs(dW0), abs(dB0)];
  ref.conv1dGrad(sX, sW, withBias ? sB : null, abs(dOut), abs(x), abs(w), d);
  assertClose(dXg, dXw, `conv1dGrad dX ${what}`, sX);
  assertClose(dWg, dWw, `conv1dGrad dW ${what}`, sW);
  assertClose(dBg, dBw, `conv1dGrad dBias ${what}`, sB);
  // Only dW asked for: dX and dBias untouched (null), dW the same as before.
  const dWonly = dW0.slice();
  nat.conv1dGrad(null, dWonly, null, dOut, x, w, d);
  assertClose(dWonly, dWw, `conv1dGrad dW only ${what}`, sW);
}

test('native conv1d / conv1dGrad equal the reference on random geometries', { skip }, () => {
  const rng = new Rng(71);
  const pick = (xs: number[]): number => xs[rng.int(xs.length)];
  for (let it = 0; it < 60; it++) {
    const k = pick([1, 2, 3, 5]);
    const dil = pick([1, 1, 2, 3]);
    const span = (k - 1) * dil;
    const padMode = pick([0, 1, 2]); // valid, same, causal
    const padLeft = padMode === 0 ? 0 : padMode === 1 ? Math.floor(span / 2) : span;
    const padRight = padMode === 1 ? span - padLeft : 0;
    const d = dims(pick([1, 3]), pick([1, 3, 17, 20]), pick([1, 3, 17]), pick([1, 3, 17, 129]), k, pick([1, 1, 2, 3]),
      dil, padLeft, padRight);
    check(rng, d, rng.random() < 0.7, JSON.stringify(d));
  }
});

test('native conv1d: the text-CNN shape and a product split into several im2col chunks', { skip }, () => {
  const rng = new Rng(72);
  check(rng, dims(8, 100, 64, 32, 5, 1, 1, 2, 2), true, 'text-cnn');
  check(rng, dims(4, 100, 1024, 7, 3, 1, 1, 1, 1), true, 'chunked'); // im2col rows 3072 wide → 341 rows a chunk
  check(rng, dims(2, 4, 3, 5, 3, 1, 4, 0, 20), true, 'windows outside the input');
});

test('native conv1d: Float64Array goes to the reference kernel exactly; bad arguments are errors', { skip }, () => {
  const rng = new Rng(73);
  const d = dims(2, 7, 3, 4, 3, 2, 1, 1, 1);
  const x = Float64Array.from(randn(rng, 2 * 7 * 3));
  const w = Float64Array.from(randn(rng, 3 * 3 * 4));
  const want = new Float64Array(2 * d.outLen * 4);
  ref.conv1d(want, x, w, null, d);
  const got = new Float64Array(want.length);
  nativeBackend().conv1d(got, x, w, null, d);
  assert.deepEqual(got, want);
  const x32 = Float32Array.from(x);
  const w32 = Float32Array.from(w);
  assert.throws(() => nb().conv1d(new Float32Array(want.length - 1), x32, w32, null, d), /out has \d+ elements, needs/);
  assert.throws(() => nb().conv1d(new Float32Array(want.length), x32.subarray(1), w32, null, d), /x has \d+ elements/);
  assert.throws(() => nb().conv1d(new Float32Array(want.length), x32, w32, null, { ...d, stride: 0 }), /stride and dilation/);
  assert.throws(() => nb().conv1dGrad(null, new Float32Array(5), null, new Float32Array(want.length), x32, w32, d), /dW has 5 elements/);
});
