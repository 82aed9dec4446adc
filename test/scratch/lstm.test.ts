import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstmBackward, lstmForward, ScratchRandom } from '../../src/scratch/index.js';

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (tol ${tol})`);
}

test('lstmForward: one unit, two steps, computed by hand', () => {
  // D = 1, H = 1. Gate blocks i, f, c, o.
  const x = new Float64Array([2, 0]); // [B=1, T=2, D=1]
  const W = new Float64Array([0.5, 0.25, -0.5, 1]); // [1, 4]
  const U = new Float64Array([1, 2, 0, -1]); // [1, 4]
  const b = new Float64Array([-1, 0, 0.5, -1]); // [4]
  const { h, c, cache } = lstmForward(x, W, U, b, 1, 2, 1, 1);
  // Step 1 (h0 = c0 = 0): z = 2·W + b = [0, 0.5, −0.5, 1]
  //   i = σ(0) = 0.5, c̃ = tanh(−0.5) = −0.46211715726, o = σ(1) = 0.73105857863
  //   c1 = f·0 + 0.5·(−0.46211715726) = −0.23105857863
  //   h1 = 0.73105857863·tanh(−0.23105857863) = −0.16597413623
  close(cache.gates[0], 0.5, 1e-12, 'i1');
  close(cache.gates[2], -0.46211715726000974, 1e-12, 'c̃1');
  close(cache.gates[3], 0.7310585786300049, 1e-12, 'o1');
  close(cache.c[0], -0.23105857863000487, 1e-12, 'c1');
  close(h[0], -0.1659741362316442, 1e-12, 'h1');
  // Step 2 (x = 0): z = h1·U + b = [h1 − 1, 2·h1, 0.5, −h1 − 1]; c2 = f·c1 + i·c̃; h2 = o·tanh(c2)
  //   (evaluated with Python floats: c2 = 0.013262818682008015, h2 = 0.004015673045378183)
  close(h[1], 0.004015673045378183, 1e-12, 'h2');
  close(c[0], 0.013262818682008015, 1e-12, 'final c');
  assert.equal(h.length, 2);
  assert.equal(c.length, 1);
});

test('lstmForward: Keras block layout [D, 4H] with H = 2 (blocks i, f, c, o, then unit)', () => {
  // x = 1, so z = W + b = W; unit j reads columns j, H + j, 2H + j, 3H + j.
  const W = new Float64Array([0.3, -0.7, 9, 9, 1.2, -0.4, 0.8, -1.5]); // [1, 8]; the f block is irrelevant at step 1
  const { h } = lstmForward(new Float64Array([1]), W, new Float64Array(16), new Float64Array(8), 1, 1, 1, 2);
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));
  for (let j = 0; j < 2; j++) {
    const expected = sig(W[6 + j]) * Math.tanh(sig(W[j]) * Math.tanh(W[4 + j]));
    close(h[j], expected, 1e-14, `h[${j}]`);
  }
});

test('lstmForward: batch rows are independent and Float32Array inputs work', () => {
  const rng = new ScratchRandom(3);
  const D = 2, H = 3, T = 4;
  const r = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  const x = r(2 * T * D), W = r(D * 4 * H), U = r(H * 4 * H), b = r(4 * H);
  const both = lstmForward(x, W, U, b, 2, T, D, H);
  const second = lstmForward(x.subarray(T * D), W, U, b, 1, T, D, H);
  assert.deepEqual(Array.from(both.h.subarray(T * H)), Array.from(second.h));
  assert.deepEqual(Array.from(both.c.subarray(H)), Array.from(second.c));
  const f32 = lstmForward(Float32Array.from(x), Float32Array.from(W), Float32Array.from(U), Float32Array.from(b), 2, T, D, H);
  for (let k = 0; k < both.h.length; k++) close(f32.h[k], both.h[k], 1e-6, `float32 h[${k}]`);
});

test('lstmForward / lstmBackward: wrong sizes are named', () => {
  const z = (n: number): Float64Array => new Float64Array(n);
  assert.throws(() => lstmForward(z(5), z(8), z(16), z(8), 1, 3, 2, 2), /x must hold \[B, T, D\] = \[1, 3, 2\] = 6 numbers, got 5/);
  assert.throws(() => lstmForward(z(6), z(4), z(16), z(8), 1, 3, 2, 2), /W \(kernel\) must hold \[D, 4H\]/);
  assert.throws(() => lstmForward(z(6), z(16), z(10), z(8), 1, 3, 2, 2), /U \(recurrent kernel\) must hold \[H, 4H\] = \[2, 8\] = 16 numbers, got 10/);
  assert.throws(() => lstmForward(z(6), z(16), z(16), z(4), 1, 3, 2, 2), /b \(bias\) must hold \[4H\] = \[8\] = 8 numbers, got 4/);
  assert.throws(() => lstmForward(z(0), z(0), z(0), z(0), 0, 3, 2, 2), /B must be an integer >= 1, got 0/);
  const { cache } = lstmForward(z(6), z(16), z(16), z(8), 1, 3, 2, 2);
  assert.throws(() => lstmBackward(cache, z(5)), /dH must hold \[B, T, H\] = \[1, 3, 2\] = 6 numbers, got 5/);
  assert.throws(() => lstmBackward(cache, z(6), z(3)), /dCFinal must hold \[B, H\]/);
});

test('lstmBackward equals central finite differences in float64 (dX, dW, dU, db)', () => {
  const rng = new ScratchRandom(11);
  const B = 2, T = 3, D = 2, H = 3, G = 4 * H;
  const r = (n: number, s = 1): Float64Array => Float64Array.from({ length: n }, () => rng.uniform(-s, s));
  const x = r(B * T * D), W = r(D * G, 0.8), U = r(H * G, 0.8), b = r(G, 0.5);
  // A loss that uses every h_t and the final c: L = Σ Ph ⊙ h + Σ Pc ⊙ c_T, so ∂L/∂h = Ph, ∂L/∂c_T = Pc.
  const Ph = r(B * T * H), Pc = r(B * H);
  const loss = (): number => {
    const { h, c } = lstmForward(x, W, U, b, B, T, D, H);
    let L = 0;
    for (let k = 0; k < h.length; k++) L += Ph[k] * h[k];
    for (let k = 0; k < c.length; k++) L += Pc[k] * c[k];
    return L;
  };
  const { cache } = lstmForward(x, W, U, b, B, T, D, H);
  const grads = lstmBackward(cache, Ph, Pc);
  const eps = 1e-6;
  let checked = 0;
  for (const [name, param, grad] of [['dX', x, grads.dX], ['dW', W, grads.dW], ['dU', U, grads.dU], ['db', b, grads.db]] as const) {
    assert.equal(grad.length, param.length, `${name} length`);
    for (let k = 0; k < param.length; k++) {
      const keep = param[k];
      param[k] = keep + eps;
      const up = loss();
      param[k] = keep - eps;
      const down = loss();
      param[k] = keep;
      const numeric = (up - down) / (2 * eps);
      close(grad[k], numeric, 1e-8 + 1e-6 * Math.abs(numeric), `${name}[${k}]`);
      checked++;
    }
  }
  assert.equal(checked, B * T * D + D * G + H * G + G);
  // Without dCFinal the gradient differs (c_T's own term drops out): the optional argument is used.
  const noC = lstmBackward(cache, Ph);
  assert.ok(Math.abs(noC.db[0] - grads.db[0]) > 1e-6);
});
