import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { ones, tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { rand } from './helpers.js';

test('dropout keeps the mean in expectation and drops about `rate` of the entries', () => {
  const n = 40000;
  const y = ops.dropout(ones([200, 200]), 0.3, new Rng(11));
  let s = 0;
  let zeros = 0;
  for (const v of y.data) {
    s += v;
    if (v === 0) zeros++;
    else assert.ok(Math.abs(v - 1 / 0.7) < 1e-6, `kept entries are scaled by 1/(1 - rate), got ${v}`);
  }
  // std of the mean is sqrt(0.3/0.7/n) ≈ 0.0033: 0.02 is six standard deviations
  assert.ok(Math.abs(s / n - 1) < 0.02, `mean ${s / n}`);
  assert.ok(Math.abs(zeros / n - 0.3) < 0.015, `zero fraction ${zeros / n}`);
});

test('dropout zero pattern is deterministic for a seed and equals an independent draw', () => {
  const x = rand([4, 5], 1, 'float32', 1, 2);
  const a = ops.dropout(x, 0.5, new Rng(7));
  const b = ops.dropout(x, 0.5, new Rng(7));
  const c = ops.dropout(x, 0.5, new Rng(8));
  assert.deepEqual(a.toFlat(), b.toFlat());
  assert.notDeepEqual(a.toFlat(), c.toFlat());
  const r = new Rng(7);
  const expected = x.toFlat().map((v) => (r.random() < 0.5 ? 0 : Math.fround(v * 2)));
  assert.deepEqual(a.toFlat(), expected);
});

test('dropout rate 0 is the identity and draws nothing; bad rates are ValueErrors', () => {
  const x = rand([3, 3], 2);
  const rng = new Rng(5);
  const before = rng.getState();
  assert.equal(ops.dropout(x, 0, rng), x);
  assert.deepEqual(rng.getState(), before);
  for (const rate of [1, -0.1, 1.5, Number.NaN]) {
    assert.throws(() => ops.dropout(x, rate, rng), (e: unknown) => e instanceof ValueError && /dropout: rate must be in \[0, 1\), got/.test(e.message));
    assert.throws(() => ops.dropoutMask([2], rate, rng), ValueError);
  }
  assert.throws(() => ops.dropout(tensor([1], [1], 'int32'), 0.5, rng), DTypeError);
});

test('dropout noiseShape shares one draw along size-1 axes; bad noiseShape is a ShapeError', () => {
  const x = ones([3, 4, 5]);
  const y = ops.dropout(x, 0.5, new Rng(3), [3, 1, null]);
  for (let b = 0; b < 3; b++) {
    for (let t = 1; t < 4; t++) {
      for (let d = 0; d < 5; d++) assert.equal(y.data[(b * 4 + t) * 5 + d], y.data[b * 4 * 5 + d]);
    }
  }
  assert.ok(y.toFlat().some((v) => v === 0) && y.toFlat().some((v) => v === 2));
  assert.throws(() => ops.dropout(x, 0.5, new Rng(3), [3, 2, 5]), (e: unknown) => e instanceof ShapeError && /noiseShape \[3, 2, 5\] does not broadcast to x \[3, 4, 5\]/.test(e.message));
  assert.throws(() => ops.dropout(x, 0.5, new Rng(3), [3, 5]), (e: unknown) => e instanceof ShapeError && /must have the rank of x/.test(e.message));
});

test('dropout gradient is the mask (gradcheck with a fixed seed inside fn)', () => {
  const x = rand([3, 4], 4);
  assertGradcheck((t) => ops.dropout(t, 0.4, new Rng(9)), [x]);
  assertGradcheck((t) => ops.dropout(t, 0.4, new Rng(9), [1, 4]), [x]);
  const mask = ops.dropoutMask([3, 4], 0.4, new Rng(9), 'float64');
  const { grads: [g] } = grads(() => ops.sum(ops.dropout(x, 0.4, new Rng(9))), [x]);
  assert.deepEqual(Array.from(g!), mask.toFlat());
});

test('dropoutMask: values 0 or 1/(1-rate), dtype, usable with mul broadcasting per sequence', () => {
  const m = ops.dropoutMask([2, 1, 3], 0.25, new Rng(1), 'float64');
  assert.equal(m.dtype, 'float64');
  assert.ok(m.toFlat().every((v) => v === 0 || v === 1 / 0.75));
  const seq = ops.mul(ones([2, 4, 3], 'float64'), m); // one mask per sequence, every step
  for (let t = 0; t < 4; t++) assert.deepEqual(ops.sliceAxis(seq, 1, t, 1).toFlat(), m.toFlat());
});
