import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck, layers, tensor, setSeed, ShapeError, ValueError, DTypeError, deserializeLayer, type Tensor } from '../../../src/index.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

test('Dense: hand-computed values, weight shapes and Keras order', () => {
  const d = layers.dense({ units: 3, activation: 'relu' });
  const x = tensor([[1, 2], [-1, 0]]);
  d.apply(x);
  assert.deepEqual(d.weights.map((w) => [w.name, w.shape]), [[`${d.name}/kernel`, [2, 3]], [`${d.name}/bias`, [3]]]);
  d.setWeights([tensor([[1, 2, 3], [4, 5, 6]]), tensor([0.5, -0.5, 1])]);
  const y = d.apply(x) as Tensor;
  // row 0: [1+8+0.5, 2+10-0.5, 3+12+1]; row 1: relu([-1+0.5, -2-0.5, -3+1]) = 0
  assert.deepEqual(y.toArray(), [[9.5, 11.5, 16], [0, 0, 0]]);
  assert.equal(d.countParams(), 9);
});

test('Dense on rank-3 input applies to the last axis; useBias false has one weight', () => {
  const d = layers.dense({ units: 2, useBias: false });
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
  d.apply(x);
  assert.equal(d.weights.length, 1);
  d.setWeights([tensor([[1, 0], [1, -1]])]);
  const y = d.apply(x) as Tensor;
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual(Array.from(y.data), [3, -2, 7, -4, 11, -6, 15, -8, 19, -10, 23, -12]);
  assert.deepEqual(d.computeOutputShape([null, 3, 2]), [null, 3, 2]);
});

test('Dense gradcheck (input, kernel, bias) for rank 2 and 3 with tanh and softmax', () => {
  setSeed(3);
  for (const [act, shape] of [['tanh', [4, 3]], ['softmax', [2, 3, 3]], ['linear', [2, 2, 3]]] as const) {
    const d = layers.dense({ units: 4, activation: act });
    const x = tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1)), [...shape]);
    d.apply(x);
    assertGradcheck((xi) => d.apply(xi) as Tensor, [x], { params: d.weights });
  }
});

test('Dense: bad input and arguments give clear errors', () => {
  assert.throws(() => layers.dense({ units: 0 }), ValueError);
  assert.throws(() => layers.dense({ units: 2, activation: 'nope' }), /Unknown activation 'nope'/);
  const d = layers.dense({ units: 2 });
  d.apply(tensor([[1, 2, 3]]));
  assert.throws(() => d.apply(tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && /expected input of shape \[\.\.\., 3\], got \[1, 2\]/.test(e.message));
  const d2 = layers.dense({ units: 2 });
  assert.throws(() => d2.apply(tensor([1, 2, 3])), /rank >= 2/);
  assert.throws(() => d.apply(tensor([[1, 2, 3]], undefined, 'int32')), DTypeError);
});

test('Dense config round trip through the registry', () => {
  const d = layers.dense({ units: 5, activation: 'sigmoid', kernelRegularizer: 'l2', inputShape: [7] });
  const c = d.getConfig();
  assert.equal(c.units, 5);
  assert.equal(c.activation, 'sigmoid');
  assert.deepEqual(c.batchInputShape, [null, 7]);
  assert.equal(c.kernelInitializer, 'glorotUniform');
  const d2 = deserializeLayer('Dense', { ...c, name: 'copy_of_dense' });
  assert.equal(d2.className, 'Dense');
  assert.deepEqual(d2.computeOutputShape([null, 7]), [null, 5]);
});

test('Activation, Flatten, Reshape, RepeatVector: values, shapes, gradcheck', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [1, 2, 3]);
  const sm = layers.activation({ activation: 'softmax' }).apply(x) as Tensor;
  const e = [1, 2, 3].map(Math.exp);
  const s = e[0] + e[1] + e[2];
  close(sm.data.slice(0, 3), e.map((v) => v / s));
  const fl = layers.flatten();
  assert.deepEqual((fl.apply(x) as Tensor).shape, [1, 6]);
  assert.deepEqual(fl.computeOutputShape([null, 2, 3]), [null, 6]);
  assert.deepEqual(fl.computeOutputShape([null, null, 3]), [null, null]);
  const rs = layers.reshape({ targetShape: [3, -1] });
  const r = rs.apply(x) as Tensor;
  assert.deepEqual(r.shape, [1, 3, 2]);
  assert.deepEqual(Array.from(r.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(rs.computeOutputShape([null, 2, 3]), [null, 3, 2]);
  assert.throws(() => layers.reshape({ targetShape: [4] }).apply(x), /cannot reshape samples of shape \[2, 3\]/);
  const rv = layers.repeatVector({ n: 3 });
  const v = rv.apply(tensor([[1, 2], [3, 4]])) as Tensor;
  assert.deepEqual(v.toArray(), [[[1, 2], [1, 2], [1, 2]], [[3, 4], [3, 4], [3, 4]]]);
  assert.deepEqual(rv.computeOutputShape([null, 2]), [null, 3, 2]);
  const g = tensor([0.3, -0.2, 0.5, 0.1, -0.7, 0.9], [2, 3]);
  assertGradcheck((xi) => rv.apply(xi) as Tensor, [g]);
  assertGradcheck((xi) => layers.activation({ activation: 'softmax' }).apply(xi) as Tensor, [g]);
  assertGradcheck((xi) => rs.apply(layers.reshape({ targetShape: [3, 1] }).apply(xi) as Tensor) as Tensor, [g]);
});

test('Masking: zeroes masked steps and outputs mask = any(x != maskValue)', () => {
  const m = layers.masking({ maskValue: 0 });
  const x = tensor([[[1, 0], [0, 0], [0, 2]], [[0, 0], [3, 3], [0, 0]]]);
  const y = m.apply(x) as Tensor;
  assert.deepEqual(y.toArray(), x.toArray());
  assert.deepEqual((m.computeMask(x, null) as Tensor).toArray(), [[1, 0, 1], [0, 1, 0]]);
  const m2 = layers.masking({ maskValue: 1 });
  const x2 = tensor([[[1, 1], [1, 2]]]);
  assert.deepEqual((m2.apply(x2) as Tensor).toArray(), [[[0, 0], [1, 2]]]);
  assert.deepEqual((m2.computeMask(x2, null) as Tensor).toArray(), [[0, 1]]);
  // gradcheck away from the mask boundary (a fully masked step is a discontinuity)
  assertGradcheck((xi) => m2.apply(xi) as Tensor, [tensor([[[0.3, 1], [0.5, 2]]])]);
});
