import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/create.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { Accuracy, BinaryAccuracy, CategoricalAccuracy, accuracyKind, meanMetric, metrics, resolveMetric } from '../../src/metrics/index.js';

test('binaryAccuracy: threshold 0.5, streaming over batches, reset', () => {
  const m = metrics.binaryAccuracy();
  // batch 1: preds 1,1,0,1 vs 1,0,1,1 -> 2 of 4
  m.update(tensor([1, 0, 1, 1], [4, 1]), tensor([0.7, 0.6, 0.4, 0.9], [4, 1]));
  assert.equal(m.result(), 0.5);
  // batch 2 ([B] labels vs [B, 1] predictions): 0.5 is not > 0.5 -> predicted 0; 2 of 2 right
  m.update(tensor([0, 1]), tensor([0.5, 0.51], [2, 1]));
  assert.equal(m.result(), 4 / 6);
  m.reset();
  assert.equal(m.result(), 0);
  const t = new BinaryAccuracy({ threshold: 0.8 });
  t.update(tensor([1, 0]), tensor([0.7, 0.6]));
  assert.equal(t.result(), 0.5);
  assert.throws(() => m.update(tensor([1, 0, 1], [3]), tensor([0.5, 0.5], [2, 1])), ShapeError);
});

test('categorical and sparse categorical accuracy', () => {
  const yPred = tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]]);
  const c = metrics.categoricalAccuracy();
  c.update(tensor([[0, 1, 0], [0, 0, 1], [0, 0, 1]]), yPred);
  assert.equal(c.result(), 2 / 3);
  const s = metrics.sparseCategoricalAccuracy();
  s.update(tensor([1, 2, 2], [3], 'int32'), yPred);
  assert.equal(s.result(), 2 / 3);
  s.update(tensor([[0]]), tensor([[0.9, 0.1, 0]]));
  assert.equal(s.result(), 3 / 4);
  assert.throws(() => c.update(tensor([1, 2, 2], [3], 'int32'), yPred), /use sparseCategoricalCrossentropy|does not match/);
  assert.throws(() => s.update(tensor([1, 2], [2], 'int32'), yPred), /expected integer class ids of shape \[3\]/);
});

test("'accuracy' / 'acc' is picked as Keras does", () => {
  assert.equal(accuracyKind('binaryCrossentropy', [8], [8, 1]), 'binary');
  assert.equal(accuracyKind('binary_crossentropy', [8, 4], [8, 4]), 'binary');
  assert.equal(accuracyKind('sparseCategoricalCrossentropy', [8], [8, 5]), 'sparseCategorical');
  assert.equal(accuracyKind('categoricalCrossentropy', [8, 5], [8, 5]), 'categorical');
  assert.equal(accuracyKind('meanSquaredError', [8, 1], [8, 1]), 'binary');
  assert.equal(accuracyKind('meanSquaredError', [8], [8, 5]), 'sparseCategorical');
  assert.equal(accuracyKind('meanSquaredError', [8, 5], [8, 5]), 'categorical');

  const acc = resolveMetric('accuracy', 'binaryCrossentropy') as Accuracy;
  assert.equal(acc.name, 'accuracy');
  assert.equal(acc.kind, null);
  acc.update(tensor([1, 0, 0], [3, 1]), tensor([0.9, 0.2, 0.6], [3, 1]));
  assert.equal(acc.kind, 'binary');
  assert.equal(acc.result(), 2 / 3);
  const sp = resolveMetric('acc', 'sparse_categorical_crossentropy') as Accuracy;
  assert.equal(sp.name, 'acc');
  sp.update(tensor([2, 0], [2], 'int32'), tensor([[0.1, 0.2, 0.7], [0.3, 0.6, 0.1]]));
  assert.equal(sp.kind, 'sparseCategorical');
  assert.equal(sp.result(), 0.5);
  sp.reset();
  assert.equal(sp.result(), 0);
  const cat = resolveMetric('accuracy', 'categoricalCrossentropy') as Accuracy;
  cat.update(tensor([[0, 0, 1]]), tensor([[0.1, 0.2, 0.7]]));
  assert.equal(cat.kind, 'categorical');
  assert.equal(cat.result(), 1);
});

test('named metrics, loss metrics weighted by batch size, meanMetric, unknown names', () => {
  assert.equal(resolveMetric('binary_accuracy', 'mse').name, 'binary_accuracy');
  assert.ok(resolveMetric('categoricalAccuracy', 'mse') instanceof CategoricalAccuracy);
  const mse = resolveMetric('mse', 'binaryCrossentropy');
  assert.equal(mse.name, 'mse');
  mse.update(tensor([[0], [0]]), tensor([[1], [3]])); // batch 2, loss 5
  mse.update(tensor([[0]]), tensor([[2]])); // batch 1, loss 4
  assert.ok(Math.abs(mse.result() - 14 / 3) < 1e-6);
  const own = metrics.binaryAccuracy({ name: 'bin' });
  assert.equal(resolveMetric(own, 'mse'), own);
  const loss = meanMetric('loss');
  loss.update(2, 32);
  loss.update(1, 16);
  assert.equal(loss.result(), (64 + 16) / 48);
  loss.reset();
  assert.equal(loss.result(), 0);
  assert.throws(() => resolveMetric('f1', 'mse'), (e: unknown) => e instanceof ValueError && /Unknown metric 'f1'. Expected one of: accuracy, acc/.test(e.message));
});
