// transpose / transposeGrad: the reference kernels (run-based) and the native ones against an
// independent index-by-index permutation, on random shapes and permutations (ranks 1–5, unit axes,
// odd sizes), plus the argument checks of the addon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import { assertClose, nativeBackend, nb, randn, skip } from './helpers.js';

/** out = x permuted, computed element by element from the definition out[idx] = x[idx ∘ perm⁻¹]. */
function naiveTranspose(x: ArrayLike<number>, shape: number[], perm: number[]): Float64Array {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const total = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(total);
  const inStr = new Array<number>(rank);
  for (let d = rank - 1, acc = 1; d >= 0; d--) { inStr[d] = acc; acc *= shape[d]; }
  for (let flat = 0; flat < total; flat++) {
    let rem = flat;
    let src = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const i = rem % outShape[d];
      rem = Math.floor(rem / outShape[d]);
      src += i * inStr[perm[d]];
    }
    out[flat] = x[src];
  }
  return out;
}

function randomCase(rng: Rng): { shape: number[]; perm: number[] } {
  const rank = 1 + rng.int(5);
  const sizes = [1, 2, 3, 5, 17];
  const shape = Array.from({ length: rank }, () => sizes[rng.int(sizes.length)]);
  const perm = Array.from({ length: rank }, (_, i) => i);
  rng.shuffle(perm);
  return { shape, perm };
}

test('reference transpose / transposeGrad match the element-wise definition (float32 and float64)', () => {
  const rng = new Rng(61);
  for (let it = 0; it < 200; it++) {
    const { shape, perm } = randomCase(rng);
    const n = shape.reduce((a, b) => a * b, 1);
    const x = Float64Array.from(randn(rng, n));
    const want = naiveTranspose(x, shape, perm);
    const got = new Float64Array(n);
    ref.transpose(got, x, shape, perm);
    assert.deepEqual(got, want, `transpose ${shape} perm ${perm}`);
    // transposeGrad is the adjoint: dX += dOut permuted back, i.e. dX[src(idx)] += dOut[idx].
    const dOut = Float64Array.from(randn(rng, n));
    const d0 = Float64Array.from(randn(rng, n));
    const dX = d0.slice();
    ref.transposeGrad(dX, dOut, shape, perm);
    const back = new Float64Array(n);
    const index = naiveTranspose(Float64Array.from({ length: n }, (_, i) => i), shape, perm);
    for (let i = 0; i < n; i++) back[index[i]] += dOut[i];
    for (let i = 0; i < n; i++) assert.equal(dX[i], d0[i] + back[i], `transposeGrad ${shape} perm ${perm} [${i}]`);
    const x32 = Float32Array.from(x);
    const got32 = new Float32Array(n);
    ref.transpose(got32, x32, shape, perm);
    assert.deepEqual(got32, Float32Array.from(want));
  }
});

test('native transpose / transposeGrad equal the reference kernels (batch/time swap, random perms)', { skip }, () => {
  const rng = new Rng(62);
  const nat = nativeBackend();
  const cases = [{ shape: [50, 80, 128], perm: [1, 0, 2] }, { shape: [3, 1, 129], perm: [1, 0, 2] },
    { shape: [17, 3], perm: [1, 0] }, { shape: [0, 4, 2], perm: [2, 0, 1] }];
  for (let it = 0; it < 150; it++) cases.push(randomCase(rng));
  for (const { shape, perm } of cases) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = randn(rng, n);
    const want = new Float32Array(n);
    ref.transpose(want, x, shape, perm);
    const got = new Float32Array(n).fill(NaN);
    nat.transpose(got, x, shape, perm);
    assert.deepEqual(got, want, `transpose ${shape} perm ${perm}`);
    const dOut = randn(rng, n);
    const d0 = randn(rng, n);
    const dWant = d0.slice();
    ref.transposeGrad(dWant, dOut, shape, perm);
    const dGot = d0.slice();
    nat.transposeGrad(dGot, dOut, shape, perm);
    assertClose(dGot, dWant, `transposeGrad ${shape} perm ${perm}`, d0.map((v, i) => Math.abs(v) + Math.abs(dWant[i] - v)));
  }
});

test('native transpose: a bad permutation, a short array or rank > 8 is an error, not a wild write', { skip }, () => {
  const x = new Float32Array(6);
  assert.throws(() => nb().transpose(new Float32Array(6), x, [2, 3], [0, 0]), /perm is not a permutation/);
  assert.throws(() => nb().transpose(new Float32Array(6), x, [2, 3], [0]), /one entry per axis/);
  assert.throws(() => nb().transpose(new Float32Array(5), x, [2, 3], [1, 0]), /out has 5 elements, needs 6/);
  assert.throws(() => nb().transposeGrad(new Float32Array(6), new Float32Array(4), [2, 3], [1, 0]), /dOut has 4 elements/);
  assert.throws(() => nb().transpose(new Float32Array(1), new Float32Array(1), new Array(9).fill(1), [0, 1, 2, 3, 4, 5, 6, 7, 8]), /rank ≤ 8/);
  // The backend sends rank > 8 to the reference kernel instead.
  const shape = new Array(9).fill(1);
  shape[0] = 2;
  const out = new Float32Array(2);
  nativeBackend().transpose(out, Float32Array.from([4, 5]), shape, [8, 7, 6, 5, 4, 3, 2, 1, 0]);
  assert.deepEqual(out, Float32Array.from([4, 5]));
});

test('large native transpose / transposeGrad (split over threads): 1 vs 2 threads bit for bit, and the reference', { skip }, () => {
  const rng = new Rng(63);
  const before = nb().info().threads;
  const cases = [{ shape: [50, 80, 128], perm: [1, 0, 2] }, { shape: [100, 128, 32], perm: [1, 0, 2] },
    { shape: [61, 41, 53], perm: [1, 0, 2] }, { shape: [300, 450], perm: [1, 0] }, { shape: [9, 70, 230], perm: [2, 0, 1] }];
  try {
    for (const { shape, perm } of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = randn(rng, n);
      const want = new Float32Array(n);
      ref.transpose(want, x, shape, perm);
      const dOut = randn(rng, n);
      const d0 = randn(rng, n);
      const dWant = d0.slice();
      ref.transposeGrad(dWant, dOut, shape, perm);
      const grads: Float32Array[] = [];
      for (const threads of [1, 2]) {
        nb().setThreads(threads);
        const got = new Float32Array(n).fill(NaN);
        nb().transpose(got, x, shape, perm);
        assert.deepEqual(got, want, `transpose ${shape} perm ${perm} on ${threads} threads`);
        const dGot = d0.slice();
        nb().transposeGrad(dGot, dOut, shape, perm);
        assertClose(dGot, dWant, `transposeGrad ${shape} perm ${perm}`, d0.map((v, i) => Math.abs(v) + Math.abs(dWant[i] - v)));
        grads.push(dGot);
      }
      assert.deepEqual(grads[1], grads[0], `transposeGrad ${shape} perm ${perm}: 2 threads vs 1`);
    }
  } finally {
    nb().setThreads(before);
  }
});
