import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { assertClose, rand } from './helpers.js';

const table = tensor([[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]]);

test('gather looks up rows for ids of any shape -> [...ids.shape, D]', () => {
  const ids = tensor([[3, 0, 3], [1, 2, 2]], [2, 3], 'int32');
  const y = ops.gather(table, ids);
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual(y.toArray(), [[[3, 3.5], [0, 0.5], [3, 3.5]], [[1, 1.5], [2, 2.5], [2, 2.5]]]);
  assert.deepEqual(ops.gather(table, tensor([2], [], 'int32')).toArray(), [2, 2.5]);
  assert.deepEqual(ops.gather(table, tensor([], [0], 'int32')).shape, [0, 2]);
  assert.equal(ops.gather(rand([4, 2], 1), tensor([1], [1], 'int32')).dtype, 'float64');
});

test('gather backward is a sparse scatter-add: only looked-up rows, repeated ids accumulate', () => {
  const t = rand([6, 3], 2);
  const ids = tensor([4, 1, 4, 4], [2, 2], 'int32');
  const w = rand([2, 2, 3], 3);
  const { grads: [g] } = grads(() => ops.sum(ops.mul(ops.gather(t, ids), w)), [t]);
  const expect = new Array<number>(18).fill(0);
  const wd = w.toFlat();
  [4, 1, 4, 4].forEach((id, i) => {
    for (let j = 0; j < 3; j++) expect[id * 3 + j] += wd[i * 3 + j];
  });
  assertClose(g!, expect, 1e-12);
  for (const row of [0, 2, 3, 5]) assert.deepEqual(Array.from(g!.slice(row * 3, row * 3 + 3)), [0, 0, 0]);
  assertGradcheck((tb) => ops.gather(tb, ids), [t]);
  assertGradcheck((tb, i) => ops.gather(tb, i), [t, tensor([[0, 5, 5]], [1, 3], 'int32')]);
});

test('gather errors: bad id names the id, its position and V; float ids; table rank', () => {
  const ids = tensor([[0, 1], [7, 2]], [2, 2], 'int32');
  assert.throws(() => ops.gather(table, ids),
    (e: unknown) => e instanceof ValueError && /gather: id 7 at position \[1, 0\] of ids \[2, 2\] is out of range for a table of 4 rows \(valid ids are 0\.\.3\)/.test(e.message));
  assert.throws(() => ops.gather(table, tensor([-1], [1], 'int32')), (e: unknown) => e instanceof ValueError && /id -1 at position \[0\]/.test(e.message));
  assert.throws(() => ops.gather(table, tensor([1, 2])), (e: unknown) => e instanceof DTypeError && /gather: expected an int32 tensor \(token ids\), got float32/.test(e.message));
  assert.throws(() => ops.gather(rand([2, 2, 2], 1), tensor([0], [1], 'int32')), (e: unknown) => e instanceof ShapeError && /expected a table of shape \[V, D\], got \[2, 2, 2\]/.test(e.message));
  assert.throws(() => ops.gather(tensor([[1]], [1, 1], 'int32'), tensor([0], [1], 'int32')), DTypeError);
});

test('oneHot values, dtype, errors', () => {
  const y = ops.oneHot(tensor([[2, 0], [1, 1]], [2, 2], 'int32'), 3);
  assert.deepEqual(y.shape, [2, 2, 3]);
  assert.deepEqual(y.toArray(), [[[0, 0, 1], [1, 0, 0]], [[0, 1, 0], [0, 1, 0]]]);
  assert.equal(ops.oneHot(tensor([0], [1], 'int32'), 2, 'float64').dtype, 'float64');
  assert.throws(() => ops.oneHot(tensor([0, 3], [2], 'int32'), 3), (e: unknown) => e instanceof ValueError && /id 3 at position \[1\] .* depth 3/.test(e.message));
  assert.throws(() => ops.oneHot(tensor([0], [1], 'int32'), 0), (e: unknown) => e instanceof ValueError && /depth must be positive, got 0/.test(e.message));
  assert.throws(() => ops.oneHot(tensor([0.0]), 2), DTypeError);
});

test('select: mask ? a : b with broadcasting; exact with -1e9 / -Infinity', () => {
  const mask = tensor([[1], [0]]); // [2, 1]
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([-1e9, -Infinity, 7]); // [3]
  assert.deepEqual(ops.select(mask, a, b).toArray(), [[1, 2, 3], [-1e9, -Infinity, 7]]);
  const m2 = tensor([1, 0, 1], [3], 'int32');
  assert.deepEqual(ops.select(m2, a, tensor(0)).toArray(), [[1, 0, 3], [4, 0, 6]]);
  assert.deepEqual(ops.select(tensor(1), tensor(2), tensor([[3, 4]])).toArray(), [[2, 2]]);
});

test('select gradients flow to a where mask is set, to b elsewhere (summed over broadcast axes)', () => {
  const mask = tensor([[1, 0, 1], [0, 0, 1]], [2, 3], 'float64');
  const a = rand([2, 3], 4);
  const b = rand([3], 5);
  const { grads: [dA, dB] } = grads(() => ops.sum(ops.select(mask, a, b)), [a, b]);
  assert.deepEqual(Array.from(dA!), [1, 0, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(dB!), [1, 2, 0]);
  assertGradcheck((u, v) => ops.select(mask, u, v), [a, b]);
  assertGradcheck((u, v) => ops.select(tensor([[1], [0]]), u, v), [rand([2, 1, 3], 6), rand([1, 2, 3], 7)]);
});

test('select errors', () => {
  assert.throws(() => ops.select(tensor([1, 0]), rand([2, 3], 1), rand([2, 3], 2)),
    (e: unknown) => e instanceof ShapeError && /select \(mask, a, b\): shapes \[2\], \[2, 3\], \[2, 3\] cannot be broadcast together/.test(e.message));
  assert.throws(() => ops.select(tensor([1]), rand([2], 1), rand([2], 2, 'float32')), (e: unknown) => e instanceof DTypeError && /mixed precisions/.test(e.message));
});
