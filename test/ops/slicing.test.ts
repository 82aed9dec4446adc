import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { rand } from './helpers.js';

/**
 * Joins the parts of a multi-output op into one tensor for gradcheck (gradcheck calls backward once
 * per output, which counts a shared multi-output record more than once).
 */
function joinFlat(parts: Tensor[]): Tensor {
  return ops.concat(parts.map((p) => ops.reshape(p, [-1])), 0);
}

const x34 = tensor(Array.from({ length: 12 }, (_, i) => i), [3, 4]);

test('slice values: begin/size, size -1, shorter begin, full copy', () => {
  assert.deepEqual(ops.slice(x34, [1, 1], [2, 2]).toArray(), [[5, 6], [9, 10]]);
  assert.deepEqual(ops.slice(x34, [0, 2], [-1, -1]).toArray(), [[2, 3], [6, 7], [10, 11]]);
  assert.deepEqual(ops.slice(x34, [2], [1]).toArray(), [[8, 9, 10, 11]]);
  assert.deepEqual(ops.slice(x34, [0, 0], [-1, -1]).toFlat(), x34.toFlat());
  assert.deepEqual(ops.slice(x34, [1, 4], [1, 0]).shape, [1, 0]);
  assert.deepEqual(ops.sliceAxis(x34, 1, -1, 1).toArray(), [[3], [7], [11]]);
  assert.deepEqual(ops.sliceAxis(x34, 0, 1).toArray(), [[4, 5, 6, 7], [8, 9, 10, 11]]);
});

test('slice gradcheck on several axes, size-1 dims; backward zero-pads', () => {
  const x = rand([3, 1, 4, 2], 1);
  assertGradcheck((t) => ops.slice(t, [1, 0, 1, 1], [2, 1, 2, -1]), [x]);
  assertGradcheck((t) => ops.slice(t, [0, 0, 3], [-1, -1, 1]), [x]);
  assertGradcheck((t) => ops.sliceAxis(t, -2, 1, 2), [x]);
  const { grads: [g] } = grads(() => ops.sum(ops.slice(x34, [1, 1], [2, 2])), [x34]);
  assert.deepEqual(Array.from(g!), [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
});

test('slice errors name the axis, begin, size and shape', () => {
  assert.throws(() => ops.slice(x34, [1, 3], [1, 2]), (e: unknown) => e instanceof ShapeError && /axis 1: begin 3 \+ size 2 exceeds the dimension 4 of x \[3, 4\]/.test(e.message));
  assert.throws(() => ops.slice(x34, [-1, 0], [1, 1]), (e: unknown) => e instanceof ShapeError && /begin -1 on axis 0 is outside \[0, 3\]/.test(e.message));
  assert.throws(() => ops.slice(x34, [0, 0, 0], [1, 1, 1]), (e: unknown) => e instanceof ShapeError && /more entries than the rank 2/.test(e.message));
  assert.throws(() => ops.slice(x34, [0.5], [1]), (e: unknown) => e instanceof ValueError && /begin\[0\] must be an integer/.test(e.message));
  assert.throws(() => ops.sliceAxis(x34, 1, 5, 1), (e: unknown) => e instanceof ShapeError && /start 5 is outside axis 1 of size 4/.test(e.message));
});

test('concat values on each axis; gradcheck incl. the same tensor twice', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5], [6]]);
  assert.deepEqual(ops.concat([a, b], 1).toArray(), [[1, 2, 5], [3, 4, 6]]);
  assert.deepEqual(ops.concat([a, a], 0).toArray(), [[1, 2], [3, 4], [1, 2], [3, 4]]);
  assert.deepEqual(ops.concat([a, b]).shape, [2, 3]);
  const p = rand([2, 1, 3], 2);
  const q = rand([2, 2, 3], 3);
  assertGradcheck((u, v) => ops.concat([u, v, u], 1), [p, q]);
  assertGradcheck((u) => ops.concat([u, u], -1), [p]);
  const { grads: [g] } = grads(() => ops.sum(ops.concat([a, a, b], 1)), [a]);
  assert.deepEqual(Array.from(g!), [2, 2, 2, 2]);
});

test('concat errors', () => {
  assert.throws(() => ops.concat([], 0), (e: unknown) => e instanceof ValueError && /at least one tensor/.test(e.message));
  assert.throws(() => ops.concat([rand([2, 3], 1), rand([3, 3], 1)], 1),
    (e: unknown) => e instanceof ShapeError && /same shape except on axis 1; tensor 0 is \[2, 3\], tensor 1 is \[3, 3\]/.test(e.message));
  assert.throws(() => ops.concat([rand([2, 3], 1), rand([2, 3], 1, 'float32')], 0), (e: unknown) => e instanceof DTypeError && /mixed precisions/.test(e.message));
  assert.throws(() => ops.concat([rand([2], 1)], 1), ShapeError);
});

test('stack and unstack values, axes, gradcheck', () => {
  const a = tensor([1, 2, 3]);
  const b = tensor([4, 5, 6]);
  assert.deepEqual(ops.stack([a, b]).toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(ops.stack([a, b], 1).toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(ops.stack([a, b], -1).shape, [3, 2]);
  const parts = ops.unstack(tensor([[1, 4], [2, 5], [3, 6]]), 1);
  assert.deepEqual(parts.map((t) => t.toFlat()), [[1, 2, 3], [4, 5, 6]]);
  const p = rand([2, 3], 4);
  const q = rand([2, 3], 5);
  for (const axis of [0, 1, 2, -1, -3]) assertGradcheck((u, v) => ops.stack([u, v, u], axis), [p, q]);
  for (const axis of [0, 1, -1]) assertGradcheck((u) => joinFlat(ops.unstack(u, axis)), [rand([2, 1, 3], 6)]);
  assert.throws(() => ops.stack([p, rand([3, 2], 1)]), (e: unknown) => e instanceof ShapeError && /tensors must have the same shape; tensor 0 is \[2, 3\], tensor 1 is \[3, 2\]/.test(e.message));
  assert.throws(() => ops.stack([p], 3), (e: unknown) => e instanceof ShapeError && /axis 3 is out of range for a tensor of rank 3/.test(e.message));
});

test('split into equal parts and given sizes (one -1); gradcheck of all parts', () => {
  const parts = ops.split(x34, 2, 1);
  assert.deepEqual(parts.map((t) => t.toArray()), [[[0, 1], [4, 5], [8, 9]], [[2, 3], [6, 7], [10, 11]]]);
  const sized = ops.split(x34, [1, -1, 1], -1);
  assert.deepEqual(sized.map((t) => t.shape), [[3, 1], [3, 2], [3, 1]]);
  assert.deepEqual(sized[1].toArray(), [[1, 2], [5, 6], [9, 10]]);
  assertGradcheck((u) => joinFlat(ops.split(u, [2, 0, 1], 0)), [rand([3, 2], 7)]);
  assertGradcheck((u) => joinFlat(ops.split(u, 2, -1)), [rand([2, 1, 4], 8)]);
  // only one part used: the other part's gradient is zero
  const { grads: [g] } = grads(() => ops.sum(ops.split(x34, 2, 0 + 1)[0]), [x34]);
  assert.deepEqual(Array.from(g!), [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
  assert.throws(() => ops.split(x34, 3, 1), (e: unknown) => e instanceof ShapeError && /cannot split axis 1 of size 4 .* into 3 equal parts/.test(e.message));
  assert.throws(() => ops.split(x34, [1, 2], 1), (e: unknown) => e instanceof ShapeError && /sizes \[1, 2\] do not add up to 4/.test(e.message));
  assert.throws(() => ops.split(x34, [-1, -1], 1), ShapeError);
});

test('reverse values on one and several axes; gradcheck', () => {
  assert.deepEqual(ops.reverse(tensor([[1, 2, 3], [4, 5, 6]]), 1).toArray(), [[3, 2, 1], [6, 5, 4]]);
  assert.deepEqual(ops.reverse(tensor([[1, 2, 3], [4, 5, 6]]), -2).toArray(), [[4, 5, 6], [1, 2, 3]]);
  assert.deepEqual(ops.reverse(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1]).toArray(), [[6, 5, 4], [3, 2, 1]]);
  const x = rand([2, 3, 2], 9);
  assert.deepEqual(ops.reverse(ops.reverse(x, 1), 1).toFlat(), x.toFlat());
  for (const axes of [0, 1, -1, [0, 2], [0, 1, 2]]) assertGradcheck((u) => ops.reverse(u, axes), [x]);
  assert.throws(() => ops.reverse(x, 3), ShapeError);
});
