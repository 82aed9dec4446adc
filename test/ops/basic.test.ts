import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck, ops, tensor } from '../../src/index.js';

test('matmul values and gradcheck, all transpose combinations', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([[1, 0], [0, 1], [1, 1]]);
  assert.deepEqual(ops.matmul(a, b).toArray(), [[4, 5], [10, 11]]);
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const A = tensor([0.1, -0.4, 0.3, 0.5, -0.2, 0.7], ta ? [3, 2] : [2, 3]);
    const B = tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i)), tb ? [4, 3] : [3, 4]);
    assertGradcheck((x, y) => ops.matmul(x, y, ta, tb), [A, B]);
  }
});

test('broadcast add/mul/div gradcheck', () => {
  const a = tensor(Array.from({ length: 6 }, (_, i) => 0.3 * i - 0.7), [2, 3]);
  const b = tensor([0.5, -1.5, 2.0], [3]);
  assert.deepEqual(Array.from(ops.add(a, b).data).map((v) => +v.toFixed(4)), [-0.2, -1.9, 1.9, 0.7, -1, 2.8]);
  assertGradcheck((x, y) => ops.add(x, y), [a, b]);
  assertGradcheck((x, y) => ops.mul(x, y), [a, b]);
  assertGradcheck((x, y) => ops.div(x, y), [a, b]);
  assertGradcheck((x) => ops.tanh(x), [a]);
});
