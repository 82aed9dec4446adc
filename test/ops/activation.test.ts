import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import { assertClose, rand } from './helpers.js';

test('softmax values on the last axis, hand-computed', () => {
  const y = ops.softmax(tensor([[0, Math.log(3)], [1, 1]], [2, 2], 'float64'));
  assertClose(y.data, [0.25, 0.75, 0.5, 0.5], 1e-12);
  // [1, 2, 3]: e^k / (e + e² + e³)
  const s = Math.E + Math.E ** 2 + Math.E ** 3;
  assertClose(ops.softmax(tensor([1, 2, 3], [3], 'float64')).data, [Math.E / s, Math.E ** 2 / s, Math.E ** 3 / s], 1e-12);
  // stable for large logits
  assertClose(ops.softmax(tensor([1000, 1000])).data, [0.5, 0.5], 1e-7);
  assertClose(ops.logSoftmax(tensor([1000, 0], [2], 'float64')).data, [0, -1000], 1e-9);
});

test('softmax / logSoftmax along a middle and the first axis match the transposed computation', () => {
  const x = rand([2, 3, 4], 1);
  const y = ops.softmax(x, 1);
  // each column over axis 1 sums to 1 and matches softmax of the transposed tensor
  const yt = ops.transpose(ops.softmax(ops.transpose(x, [0, 2, 1])), [0, 2, 1]);
  assertClose(y.data, yt.data, 1e-12);
  assertClose(ops.sum(y, 1).data, new Array(8).fill(1), 1e-12);
  assertClose(ops.logSoftmax(x, 0).data, ops.log(ops.softmax(x, 0)).data, 1e-12);
  assertClose(ops.logSoftmax(x, -2).data, ops.log(ops.softmax(x, 1)).data, 1e-12);
});

test('softmax / logSoftmax gradcheck on every axis, incl. size-1 axes', () => {
  const x = rand([2, 3, 1, 4], 2, 'float64', -2, 2);
  for (const axis of [0, 1, 2, 3, -1, -3]) {
    assertGradcheck((t) => ops.softmax(t, axis), [x]);
    assertGradcheck((t) => ops.logSoftmax(t, axis), [x]);
  }
});

test('softmax errors', () => {
  assert.throws(() => ops.softmax(rand([2, 3], 1), 2), (e: unknown) => e instanceof ShapeError && /softmax: axis 2 is out of range for a tensor of rank 2/.test(e.message));
  assert.throws(() => ops.logSoftmax(tensor([1, 2], [2], 'int32')), (e: unknown) => e instanceof DTypeError && /logSoftmax: expected float tensors, got int32/.test(e.message));
});
