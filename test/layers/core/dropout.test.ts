import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, assertGradcheck, layers, tensor, ValueError, ShapeError, type Tensor } from '../../../src/index.js';

const x = tensor(Array.from({ length: 2000 }, (_, i) => 1 + (i % 7)), [20, 100]);

test('Dropout is the identity in inference and when rate = 0', () => {
  const d = layers.dropout({ rate: 0.5 });
  assert.equal(d.apply(x, { training: false }), x);
  assert.equal(d.apply(x), x);
  assert.equal(layers.dropout({ rate: 0 }).apply(x, { training: true, rng: new Rng(1) }), x);
});

test('Dropout in training: drops about rate, scales kept values by 1/(1 - rate), deterministic per rng seed', () => {
  const d = layers.dropout({ rate: 0.25 });
  const y = d.apply(x, { training: true, rng: new Rng(7) }) as Tensor;
  let zeros = 0;
  for (let i = 0; i < y.size; i++) {
    if (y.data[i] === 0) zeros++;
    else assert.ok(Math.abs(y.data[i] - x.data[i] / 0.75) < 1e-5);
  }
  assert.ok(zeros > 400 && zeros < 600, `dropped ${zeros} of 2000`);
  const y2 = d.apply(x, { training: true, rng: new Rng(7) }) as Tensor;
  assert.deepEqual(Array.from(y2.data), Array.from(y.data));
  const y3 = d.apply(x, { training: true, rng: new Rng(8) }) as Tensor;
  assert.notDeepEqual(Array.from(y3.data), Array.from(y.data));
});

test('Dropout with a seed owns its generator; noiseShape shares the mask along an axis', () => {
  const a = layers.dropout({ rate: 0.5, seed: 3 }).apply(x, { training: true, rng: new Rng(1) }) as Tensor;
  const b = layers.dropout({ rate: 0.5, seed: 3 }).apply(x, { training: true, rng: new Rng(2) }) as Tensor;
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  const x3 = tensor(Array.from({ length: 24 }, () => 1), [2, 3, 4]);
  const y = layers.dropout({ rate: 0.5, noiseShape: [null, 1, null] }).apply(x3, { training: true, rng: new Rng(5) }) as Tensor;
  for (let b0 = 0; b0 < 2; b0++) {
    for (let t = 1; t < 3; t++) {
      for (let f = 0; f < 4; f++) assert.equal(y.data[b0 * 12 + t * 4 + f], y.data[b0 * 12 + f]);
    }
  }
  assert.throws(() => layers.dropout({ rate: 0.5, noiseShape: [2, 2, 4] }).apply(x3, { training: true, rng: new Rng(5) }), ShapeError);
});

test('Dropout gradcheck with a fixed mask, and bad rates', () => {
  const d = layers.dropout({ rate: 0.4 });
  const xi = tensor([0.1, -0.3, 0.5, 0.7, -0.9, 1.1], [2, 3]);
  assertGradcheck((t) => d.apply(t, { training: true, rng: new Rng(11) }) as Tensor, [xi]);
  assert.throws(() => layers.dropout({ rate: 1 }), ValueError);
  assert.throws(() => layers.dropout({ rate: -0.1 }), /rate must be in \[0, 1\)/);
});
