import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';

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

test('matmul with leading batch axes on a: values and gradcheck', () => {
  const a = tensor(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 3, 4], 'float64');
  const b = tensor(Array.from({ length: 8 }, (_, i) => Math.sin(i + 1)), [4, 2], 'float64');
  const y = ops.matmul(a, b);
  assert.deepEqual(y.shape, [2, 3, 2]);
  let s = 0;
  for (let k = 0; k < 4; k++) s += a.data[(1 * 3 + 2) * 4 + k] * b.data[k * 2 + 1];
  assert.ok(Math.abs(y.data[(1 * 3 + 2) * 2 + 1] - s) < 1e-12);
  assertGradcheck((u, v) => ops.matmul(u, v), [a, b]);
});

test('every differentiable op keeps float32 in float32', () => {
  const x = tensor(Array.from({ length: 12 }, (_, i) => 0.1 * i + 0.05), [3, 4]);
  const ids = tensor([0, 2], [2], 'int32');
  const outs = [
    ops.sum(x, 0), ops.mean(x), ops.max(x, 1), ops.reshape(x, [4, 3]), ops.transpose(x), ops.slice(x, [1], [1]),
    ops.concat([x, x]), ops.stack([x, x]), ...ops.split(x, 2, 1), ...ops.unstack(x), ops.reverse(x, 0),
    ops.gather(x, ids), ops.softmax(x, 0), ops.logSoftmax(x), ops.clipByValue(x, 0.2, 0.8), ops.pow(x, 2),
    ops.select(tensor([1, 0, 1, 0]), x, tensor(0)),
  ];
  for (const o of outs) assert.equal(o.dtype, 'float32');
});
