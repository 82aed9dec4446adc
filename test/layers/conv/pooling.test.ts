import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../../src/errors.js';
import { Dense } from '../../../src/layers/core/dense.js';
import {
  averagePooling1d, conv1d, globalAveragePooling1d, globalMaxPooling1d, maxPooling1d, timeDistributed,
} from '../../../src/layers/conv/factories.js';
import { pool1dOp } from '../../../src/layers/conv/index.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { setSeed } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const vals = (t: Tensor, digits = 6): number[] => Array.from(t.data, (v) => +v.toFixed(digits));
const x5 = (): Tensor => tensor([1, 3, 2, 5, 4], [1, 5, 1]);

test('max / average pooling hand-computed values (valid, same, strides)', () => {
  assert.deepEqual(vals(maxPooling1d().apply(x5()) as Tensor), [3, 5]);
  assert.deepEqual(vals(maxPooling1d({ padding: 'same' }).apply(x5()) as Tensor), [3, 5, 4]);
  assert.deepEqual(vals(averagePooling1d().apply(x5()) as Tensor), [2, 3.5]);
  // same: the last window holds only [4]; padding is not counted (TF)
  assert.deepEqual(vals(averagePooling1d({ padding: 'same' }).apply(x5()) as Tensor), [2, 3.5, 4]);
  // pool 3, stride 1, same: total pad 2 → one on each side
  assert.deepEqual(vals(maxPooling1d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x5()) as Tensor), [3, 3, 5, 5, 5]);
  assert.deepEqual(vals(averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x5()) as Tensor, 5),
    [2, 2, +(10 / 3).toFixed(5), +(11 / 3).toFixed(5), 4.5]);
  assert.deepEqual(vals(maxPooling1d({ poolSize: 2, strides: 3 }).apply(x5()) as Tensor), [3, 5]);
  // channels are pooled independently
  const y = maxPooling1d().apply(tensor([1, -1, 2, -2, 0, 5, 3, 4], [1, 4, 2])) as Tensor;
  assert.deepEqual([...y.shape], [1, 2, 2]);
  assert.deepEqual(vals(y), [2, -1, 3, 5]);
});

test('pooling output shapes follow Keras for every padding and stride', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (let T = 1; T <= 7; T++) for (const p of [1, 2, 3]) for (const s of [1, 2, 3]) {
      const expected = padding === 'valid' ? Math.ceil((T - p + 1) / s) : Math.ceil(T / s);
      const layer = maxPooling1d({ poolSize: p, strides: s, padding });
      const x = tensor(seq(T * 2, (i) => i), [1, T, 2]);
      if (expected <= 0) {
        assert.throws(() => layer.apply(x), ShapeError);
        continue;
      }
      assert.deepEqual(layer.computeOutputShape([null, T, 2]), [null, expected, 2]);
      assert.deepEqual([...(layer.apply(x) as Tensor).shape], [1, expected, 2], `${padding} T=${T} p=${p} s=${s}`);
      assert.deepEqual([...(averagePooling1d({ poolSize: p, strides: s, padding }).apply(x) as Tensor).shape], [1, expected, 2]);
    }
  }
});

test('pooling gradcheck', () => {
  const x = tensor(seq(2 * 7 * 3, (i) => Math.sin(1.7 * i)), [2, 7, 3]);
  for (const padding of ['valid', 'same'] as const) {
    for (const mode of ['max', 'avg'] as const) {
      assertGradcheck((xx) => pool1dOp(xx, mode, { poolSize: 3, stride: 2, padding }), [x]);
    }
  }
  assertGradcheck((xx) => globalMaxPooling1d().apply(xx) as Tensor, [x]);
  assertGradcheck((xx) => globalAveragePooling1d().apply(xx) as Tensor, [x]);
  const mask = tensor([1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [2, 7]);
  assertGradcheck((xx) => globalAveragePooling1d().apply(xx, { mask }) as Tensor, [x]);
});

test('global pooling values, keepdims, and the mask of global average pooling', () => {
  const x = tensor([1, 10, 2, 20, 6, 60, -1, 0, -3, 4, -5, 8], [2, 3, 2]);
  assert.deepEqual(vals(globalMaxPooling1d().apply(x) as Tensor), [6, 60, -1, 8]);
  assert.deepEqual(vals(globalAveragePooling1d().apply(x) as Tensor), [3, 30, -3, 4]);
  const kept = globalAveragePooling1d({ keepdims: true }).apply(x) as Tensor;
  assert.deepEqual([...kept.shape], [2, 1, 2]);
  // masked steps are excluded; a fully masked row gives zeros
  const mask = tensor([[1, 1, 0], [0, 0, 0]]);
  const gap = globalAveragePooling1d();
  assert.deepEqual(vals(gap.apply(x, { mask }) as Tensor), [1.5, 15, 0, 0]);
  assert.equal(gap.computeMask(x, mask), null);
  const mask2 = tensor([[0, 1, 1], [1, 0, 1]]);
  assert.deepEqual(vals(gap.apply(x, { mask: mask2 }) as Tensor), [4, 40, -3, 4]);
  assert.throws(() => gap.apply(x, { mask: tensor([[1, 1], [1, 1]]) }), (e: Error) => e instanceof ShapeError && /mask must have shape \[2, 3\]/.test(e.message));
});

test('pooling bad input and config round trip', () => {
  assert.throws(() => maxPooling1d().apply(tensor([1, 2, 3, 4], [2, 2])), (e: Error) => e instanceof ShapeError && /rank 3/.test(e.message));
  assert.throws(() => globalMaxPooling1d().apply(tensor([1, 2, 3, 4], [1, 2, 2, 1])), ShapeError);
  assert.throws(() => maxPooling1d({ padding: 'causal' as 'same' }), ValueError);
  assert.throws(() => maxPooling1d({ poolSize: 0 }), ValueError);
  assert.throws(() => maxPooling1d({ padding: 'same' }).apply(tensor([], [1, 0, 2])), /0 steps/);
  assert.throws(() => globalAveragePooling1d().apply(tensor([], [1, 0, 2])), /0 steps/);
  assert.throws(() => maxPooling1d({ poolSize: 4 }).apply(tensor([1, 2, 3], [1, 3, 1])), /fewer than poolSize 4/);
  const layer = averagePooling1d({ poolSize: 3, padding: 'same' });
  const cfg = layer.getConfig();
  assert.deepEqual([cfg.poolSize, cfg.strides, cfg.padding], [[3], [3], 'same']);
  const copy = deserializeLayer('AveragePooling1D', { ...cfg, name: 'p2' });
  assert.deepEqual(vals(copy.apply(x5()) as Tensor), [2, 4.5]);
});

test('timeDistributed(dense) equals dense on every step, shares its weights, keeps the mask', () => {
  setSeed(5);
  const inner = new Dense({ units: 2, activation: 'tanh' });
  const td = timeDistributed(inner);
  const x = tensor(seq(2 * 3 * 4, (i) => Math.cos(i)), [2, 3, 4]);
  const y = td.apply(x) as Tensor;
  assert.deepEqual([...y.shape], [2, 3, 2]);
  assert.deepEqual(td.weights, inner.weights);
  assert.deepEqual(td.computeOutputShape([null, 3, 4]), [null, 3, 2]);
  for (let t = 0; t < 3; t++) {
    const step = tensor(seq(2 * 4, (i) => x.data[(Math.floor(i / 4) * 3 + t) * 4 + (i % 4)]), [2, 4]);
    const ys = inner.apply(step) as Tensor;
    for (let b = 0; b < 2; b++) for (let u = 0; u < 2; u++) {
      assert.ok(Math.abs(ys.data[b * 2 + u] - y.data[(b * 3 + t) * 2 + u]) < 1e-6);
    }
  }
  const mask = tensor([[1, 1, 0], [1, 0, 0]]);
  assert.equal(td.computeMask(x, mask), mask);
  assertGradcheck((xx) => td.apply(xx) as Tensor, [x], { params: td.weights });
});

test('timeDistributed(conv1d) on [B, T, L, C] and bad input', () => {
  setSeed(6);
  const td = timeDistributed({ layer: conv1d({ filters: 2, kernelSize: 2 }) });
  const x = tensor(seq(2 * 3 * 4 * 1, (i) => Math.sin(i)), [2, 3, 4, 1]);
  const y = td.apply(x) as Tensor;
  assert.deepEqual([...y.shape], [2, 3, 3, 2]);
  assert.deepEqual(td.computeOutputShape([null, 3, 4, 1]), [null, 3, 3, 2]);
  assertGradcheck((xx) => td.apply(xx) as Tensor, [x], { params: td.weights });
  assert.throws(() => timeDistributed(new Dense({ units: 1 })).apply(tensor([1, 2], [1, 2])), (e: Error) => e instanceof ShapeError && /rank >= 3/.test(e.message));
  const cfg = td.getConfig() as { layer: { className: string } };
  assert.equal(cfg.layer.className, 'Conv1D');
});
