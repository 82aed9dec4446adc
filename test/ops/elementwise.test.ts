import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { assertClose, rand } from './helpers.js';

test('clipByValue values and gradient (passes inside [lo, hi], boundaries included)', () => {
  const x = tensor([-2, -1, 0, 0.5, 1, 3], [6], 'float64');
  assert.deepEqual(ops.clipByValue(x, -1, 1).toFlat(), [-1, -1, 0, 0.5, 1, 1]);
  const { grads: [g] } = grads(() => ops.sum(ops.clipByValue(x, -1, 1)), [x]);
  assert.deepEqual(Array.from(g!), [0, 1, 1, 1, 1, 0]);
  assertGradcheck((t) => ops.clipByValue(t, -0.5, 0.5), [rand([3, 4], 1)]);
  assert.throws(() => ops.clipByValue(x, 1, -1), (e: unknown) => e instanceof ValueError && /expected lo <= hi, got lo 1 and hi -1/.test(e.message));
});

test('pow values and gradients for integer, fractional, negative and zero exponents', () => {
  const x = tensor([-2, 0.5, 3], [3], 'float64');
  assert.deepEqual(ops.pow(x, 3).toFlat(), [-8, 0.125, 27]);
  assert.deepEqual(ops.pow(x, 0).toFlat(), [1, 1, 1]);
  assertClose(ops.pow(tensor([4, 9], [2], 'float64'), 0.5).data, [2, 3], 1e-15);
  assert.ok(Number.isNaN(ops.pow(tensor([-4]), 0.5).item()));
  assertGradcheck((t) => ops.pow(t, 3), [rand([2, 3], 2)]);
  assertGradcheck((t) => ops.pow(t, -1.5), [rand([2, 3], 3, 'float64', 0.5, 2)]);
  assertGradcheck((t) => ops.pow(t, 2.5), [rand([2, 3], 4, 'float64', 0.5, 2)]);
  const { grads: [g0] } = grads(() => ops.sum(ops.pow(x, 0)), [x]);
  assert.deepEqual(Array.from(g0!), [0, 0, 0]);
  const { grads: [g2] } = grads(() => ops.sum(ops.pow(x, 2)), [x]);
  assert.deepEqual(Array.from(g2!), [-4, 1, 6]);
  assert.throws(() => ops.pow(tensor([1], [1], 'int32'), 2), DTypeError);
  assert.throws(() => ops.pow(x, Number.NaN), ValueError);
});

test('broadcastAll: shape and strides of three inputs', () => {
  const { shape, strides } = ops.broadcastAll([[2, 1], [3], [4, 1, 1]], 'test');
  assert.deepEqual(shape, [4, 2, 3]);
  assert.deepEqual(strides, [[0, 1, 0], [0, 0, 1], [1, 0, 0]]);
  assert.throws(() => ops.broadcastAll([[2], [3]], 'test'), (e: unknown) => e instanceof ShapeError && /test: shapes \[2\], \[3\] cannot be broadcast/.test(e.message));
});

test('binary ops broadcast in both directions, including size-1 dims (gradcheck)', () => {
  const a = rand([2, 1, 3], 5);
  const b = rand([4, 1], 6, 'float64', 0.5, 1.5);
  for (const f of [ops.add, ops.sub, ops.mul, ops.div, ops.maximum, ops.minimum]) assertGradcheck((u, v) => f(u, v), [a, b]);
});
