// The hand-written LSTM of the homework must equal the engine's LSTM layer: same weights ->
// same outputs and the same gradients (input and all three weights), to 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, Tensor, layers, record, tensor } from '../../src/index.js';
import { lstmBackward, lstmForward } from '../../src/scratch/index.js';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    worst = Math.max(worst, err);
  }
  assert.ok(worst <= tol, `${what}: max relative error ${worst} > ${tol}`);
}

for (const implementation of ['fused', 'composed'] as const) {
  test(`scratch LSTM equals the engine LSTM (${implementation} path): outputs and gradients`, () => {
    const B = 3, T = 5, D = 4, H = 6;
    const rng = new Rng(7);
    const x = tensor(Array.from({ length: B * T * D }, () => rng.uniform(-1, 1)), [B, T, D]);
    const layer = layers.lstm({ units: H, returnSequences: true, implementation });
    layer.apply(x); // builds the weights (glorot / orthogonal / unit forget bias)
    const [W, U, b] = layer.weights;
    for (const w of [W, U, b]) w.assign(Array.from({ length: w.size }, () => rng.uniform(-0.5, 0.5)));
    const r = Array.from({ length: B * T * H }, () => rng.uniform(-1, 1)); // dL/dh_t for L = Σ r ⊙ h

    const xs = new Tensor(x.data.slice(), x.shape);
    xs.requiresGrad = true;
    const { tape, result: y } = record(() => layer.apply(xs) as Tensor);
    tape.backward(y, r);

    const mine = lstmForward(x.floats(), W.floats(), U.floats(), b.floats(), B, T, D, H);
    assertClose(y.floats(), mine.h, 'outputs h_t');
    const g = lstmBackward(mine.cache, Float64Array.from(r));
    assertClose(tape.grad(xs)!, g.dX, 'dX');
    assertClose(tape.grad(W)!, g.dW, 'dW (kernel)');
    assertClose(tape.grad(U)!, g.dU, 'dU (recurrent kernel)');
    assertClose(tape.grad(b)!, g.db, 'db (bias)');
  });
}
