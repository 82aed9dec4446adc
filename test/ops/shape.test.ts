import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads, record } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { rand } from './helpers.js';

test('reshape keeps row-major order, infers one -1, copies, works on int32', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.deepEqual(ops.reshape(x, [3, 2]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(ops.reshape(x, [-1]).shape, [6]);
  assert.deepEqual(ops.reshape(x, [1, -1, 2]).shape, [1, 3, 2]);
  assert.deepEqual(ops.reshape(tensor([7]), []).shape, []);
  const y = ops.reshape(x, [6]);
  assert.notEqual(y.data.buffer, x.data.buffer);
  const ids = ops.reshape(tensor([1, 2, 3, 4], [4], 'int32'), [2, 2]);
  assert.equal(ids.dtype, 'int32');
  assert.deepEqual(ids.toArray(), [[1, 2], [3, 4]]);
  assertGradcheck((t) => ops.reshape(t, [3, -1]), [rand([2, 3, 2], 1)]);
});

test('reshape errors name the shapes', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.throws(() => ops.reshape(x, [4, 2]), (e: unknown) => e instanceof ShapeError && /cannot reshape \[2, 3\] \(6 values\) to \[4, 2\] \(8 values\)/.test(e.message));
  assert.throws(() => ops.reshape(x, [-1, -1]), (e: unknown) => e instanceof ShapeError && /only one -1/.test(e.message));
  assert.throws(() => ops.reshape(x, [4, -1]), (e: unknown) => e instanceof ShapeError && /not a multiple of 4/.test(e.message));
  assert.throws(() => ops.reshape(x, [2.5, 2]), (e: unknown) => e instanceof ShapeError && /bad dimension 2.5/.test(e.message));
});

test('expandDims, squeeze, flatten shapes and gradients', () => {
  const x = rand([2, 3], 2);
  assert.deepEqual(ops.expandDims(x, 0).shape, [1, 2, 3]);
  assert.deepEqual(ops.expandDims(x, 1).shape, [2, 1, 3]);
  assert.deepEqual(ops.expandDims(x, -1).shape, [2, 3, 1]);
  assert.deepEqual(ops.expandDims(x, -3).shape, [1, 2, 3]);
  assert.throws(() => ops.expandDims(x, 3), (e: unknown) => e instanceof ShapeError && /axis 3 is out of range for a tensor of rank 3/.test(e.message));
  const s = rand([1, 2, 1, 3, 1], 3);
  assert.deepEqual(ops.squeeze(s).shape, [2, 3]);
  assert.deepEqual(ops.squeeze(s, 2).shape, [1, 2, 3, 1]);
  assert.deepEqual(ops.squeeze(s, [0, -1]).shape, [2, 1, 3]);
  assert.throws(() => ops.squeeze(s, 1), (e: unknown) => e instanceof ShapeError && /axis 1 of x \[1, 2, 1, 3, 1\] has size 2, expected 1/.test(e.message));
  assert.deepEqual(ops.flatten(rand([2, 3, 4], 4)).shape, [2, 12]);
  assert.deepEqual(ops.flatten(rand([5], 4)).shape, [5, 1]);
  assert.throws(() => ops.flatten(tensor(1)), ShapeError);
  assertGradcheck((t) => ops.squeeze(ops.expandDims(t, 1)), [x]);
  assertGradcheck((t) => ops.flatten(t), [rand([2, 1, 3], 5)]);
});

test('transpose values, default perm, negative entries, gradcheck', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(ops.transpose(x).toArray(), [[1, 4], [2, 5], [3, 6]]);
  const t = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
  const y = ops.transpose(t, [1, -1, 0]);
  assert.deepEqual(y.shape, [3, 4, 2]);
  // y[j, k, i] = t[i, j, k] = 12i + 4j + k
  assert.equal(y.data[(2 * 4 + 1) * 2 + 1], 12 + 8 + 1);
  assert.deepEqual(ops.transpose(t).shape, [4, 3, 2]);
  for (const perm of [[0, 1, 2], [2, 0, 1], [1, 0, 2], [-1, -2, -3]]) {
    assertGradcheck((u) => ops.transpose(u, perm), [rand([2, 1, 3], 6)]);
  }
});

test('transpose errors: wrong length, not a permutation, int input', () => {
  const x = rand([2, 3], 7);
  assert.throws(() => ops.transpose(x, [0]), (e: unknown) => e instanceof ShapeError && /perm \[0\] has 1 entries, the tensor has rank 2/.test(e.message));
  assert.throws(() => ops.transpose(x, [1, 1]), (e: unknown) => e instanceof ValueError && /not a permutation of 0\.\.1/.test(e.message));
  assert.throws(() => ops.transpose(x, [0, 2]), ShapeError);
  assert.throws(() => ops.transpose(tensor([1, 2], [1, 2], 'int32')), DTypeError);
});

test('cast: float to int truncates, float precisions pass the gradient, int has none', () => {
  const x = tensor([1.7, -2.5, 3.2]);
  const i = ops.cast(x, 'int32');
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(i.toFlat(), [1, -2, 3]);
  assert.equal(ops.cast(x, 'float32'), x);
  const f = ops.cast(tensor([1, 2], [2], 'int32'), 'float32');
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(f.toFlat(), [1, 2]);
  // float64 -> float32 -> Σ y²: the gradient 2x comes back in float64
  const x64 = tensor([0.5, -0.25, 2], [3], 'float64');
  const { grads: [g] } = grads(() => ops.sum(ops.square(ops.cast(x64, 'float32'))), [x64]);
  assert.ok(g instanceof Float64Array);
  assert.deepEqual(Array.from(g), [1, -0.5, 4]);
  x64.requiresGrad = true;
  const { tape, result } = record(() => ops.sum(ops.cast(ops.cast(x64, 'int32'), 'float32')));
  assert.equal(result.item(), 0 + 0 + 2);
  assert.equal(result.requiresGrad, false);
  assert.equal(tape.records.length, 0);
  assert.throws(() => ops.cast(x, 'int8' as 'int32'), (e: unknown) => e instanceof ValueError && /unknown dtype 'int8'/.test(e.message));
});
