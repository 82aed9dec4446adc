import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { grads } from '../../src/autograd/tape.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import { assertClose, rand } from './helpers.js';

const x23 = tensor([[1, 2, 3], [4, 5, 6]]);

test('sum values over all, one, negative and several axes, keepDims both ways', () => {
  assert.equal(ops.sum(x23).item(), 21);
  assert.deepEqual(ops.sum(x23).shape, []);
  assert.deepEqual(ops.sum(x23, 0).toArray(), [5, 7, 9]);
  assert.deepEqual(ops.sum(x23, -1).toArray(), [6, 15]);
  assert.deepEqual(ops.sum(x23, -1, true).toArray(), [[6], [15]]);
  assert.deepEqual(ops.sum(x23, [0, 1], true).toArray(), [[21]]);
  assert.deepEqual(ops.sum(x23, []).toArray(), [[1, 2, 3], [4, 5, 6]]);
  // [2, 3, 4] with values i: sum over axes 0 and 2 -> per middle index j: Σ_{a,c} (12a + 4j + c)
  const x = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
  const expect = [0, 1, 2].map((j) => {
    let s = 0;
    for (let a = 0; a < 2; a++) for (let c = 0; c < 4; c++) s += 12 * a + 4 * j + c;
    return s;
  });
  assert.deepEqual(ops.sum(x, [0, 2]).toFlat(), expect);
  assert.deepEqual(ops.sum(x, [2, -3], true).shape, [1, 3, 1]);
  assert.deepEqual(ops.sum(x, [0, 1]).toFlat(), [60, 66, 72, 78]);
});

test('mean values', () => {
  assert.equal(ops.mean(x23).item(), 3.5);
  assert.deepEqual(ops.mean(x23, 0).toArray(), [2.5, 3.5, 4.5]);
  assert.deepEqual(ops.mean(x23, 1, true).toArray(), [[2], [5]]);
  assert.deepEqual(ops.mean(tensor(5)).toArray(), 5);
});

test('sum and mean gradcheck: axes, negative axes, keepDims, size-1 dims, float32 forward', () => {
  const x = rand([2, 1, 3, 2], 1);
  const cases: [number | number[] | undefined, boolean][] = [
    [undefined, false], [undefined, true], [0, false], [-1, true], [[1, 2], false], [[0, 2], true], [[0, 1, 3], false], [[], false],
  ];
  for (const [axes, keep] of cases) {
    assertGradcheck((t) => ops.sum(t, axes, keep), [x]);
    assertGradcheck((t) => ops.mean(t, axes, keep), [x]);
  }
  const f = ops.mean(rand([3, 4], 2, 'float32'), 1);
  assert.equal(f.dtype, 'float32');
});

test('mean gradient is 1/count for every element', () => {
  const x = rand([2, 3, 4], 3);
  const { grads: [g] } = grads(() => ops.mean(x, [0, 2]), [x]);
  assertClose(g!, new Array(24).fill(1 / 8));
});

test('max values, keepDims, argmax gradient (first max on ties), gradcheck', () => {
  const x = tensor([[1, 5, 3], [7, 2, 7]]);
  assert.deepEqual(ops.max(x, 1).toArray(), [5, 7]);
  assert.deepEqual(ops.max(x, 0, true).toArray(), [[7, 5, 7]]);
  assert.deepEqual(ops.max(x, -1, true).shape, [2, 1]);
  const { grads: [g] } = grads(() => ops.max(x, 1), [x]);
  assert.deepEqual(Array.from(g!), [0, 1, 0, 1, 0, 0]);
  for (const axis of [0, 1, -1, 2]) {
    assertGradcheck((t) => ops.max(t, axis), [rand([3, 1, 4], 4)]);
    assertGradcheck((t) => ops.max(t, axis, true), [rand([3, 1, 4], 5)]);
  }
});

test('argMax picks the index of the max', () => {
  assert.deepEqual(ops.argMax(tensor([[1, 5, 3], [9, 2, 7]])).toArray(), [1, 0]);
  assert.deepEqual(ops.argMax(tensor([[1, 5, 3], [9, 2, 7]]), 0).toArray(), [1, 0, 1]);
  assert.equal(ops.argMax(tensor([1, 2])).dtype, 'int32');
});

test('reduce errors: bad axis, duplicate axis, int input, empty max', () => {
  assert.throws(() => ops.sum(x23, 2), (e: unknown) => e instanceof ShapeError && /axis 2 is out of range for a tensor of rank 2/.test(e.message));
  assert.throws(() => ops.mean(x23, -3), ShapeError);
  assert.throws(() => ops.sum(x23, [1, -1]), (e: unknown) => e instanceof ShapeError && /axis -1 appears twice/.test(e.message));
  assert.throws(() => ops.sum(tensor([1, 2], [2], 'int32')), (e: unknown) => e instanceof DTypeError && /sum: expected float tensors, got int32/.test(e.message));
  assert.throws(() => ops.max(tensor([], [2, 0]), 1), (e: unknown) => e instanceof ShapeError && /size 0/.test(e.message));
  assert.throws(() => ops.max(x23, 5), /axis 5 is out of range/);
});
