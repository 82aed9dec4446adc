import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/create.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { getLoss, losses, resolveLoss, type LossFn } from '../../src/losses/index.js';

const f64 = (vals: number[], shape: number[]): Tensor => tensor(vals, shape, 'float64');
const near = (got: number, want: number, tol = 1e-6): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `got ${got}, want ${want}`);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

test('binaryCrossentropy values: probabilities, logits, label smoothing', () => {
  const bce = losses.binaryCrossentropy();
  // −(log 0.8 + log 0.7)/2
  near(bce(tensor([1, 0], [2, 1]), tensor([0.8, 0.3], [2, 1])).item(), (0.22314355131 + 0.35667494394) / 2);
  // Logits: −z·log σ(x) − (1−z)·log(1−σ(x)) written directly.
  const x = [2, -1, 0.5, -3];
  const z = [1, 0, 0, 1];
  const direct = (zs: number[]): number =>
    x.reduce((s, xi, i) => s - zs[i] * Math.log(sigmoid(xi)) - (1 - zs[i]) * Math.log(1 - sigmoid(xi)), 0) / x.length;
  near(losses.binaryCrossentropy({ fromLogits: true })(tensor(z), tensor(x)).item(), direct(z));
  // Smoothing 0.2 turns targets 1/0 into 0.9/0.1.
  near(losses.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 })(tensor(z), tensor(x)).item(), direct(z.map((v) => v * 0.8 + 0.1)));
  // int32 labels are fine; result is float32 for float32 predictions and float64 for float64.
  const l = bce(tensor([1, 0], [2], 'int32'), tensor([0.8, 0.3]));
  assert.equal(l.dtype, 'float32');
  assert.deepEqual(l.shape, []);
  assert.equal(bce(tensor([1, 0]), f64([0.8, 0.3], [2])).dtype, 'float64');
});

test('binaryCrossentropy is stable for extreme logits and saturated probabilities', () => {
  const bceL = losses.binaryCrossentropy({ fromLogits: true });
  const yPred = f64([100, -100, 100, -100], [4, 1]);
  const yTrue = tensor([0, 1, 1, 0], [4, 1]);
  const { value, grads: [d] } = grads(() => bceL(yTrue, yPred), [yPred]);
  near(value.item(), 50, 1e-12); // (100 + 100 + 0 + 0)/4
  assert.ok(d && Array.from(d).every(Number.isFinite));
  near(d![0], 0.25, 1e-12); // (σ(100) − 0)/4
  near(d![1], -0.25, 1e-12);
  // Probabilities exactly 0 and 1 are clipped to [1e-7, 1 − 1e-7]: finite loss, zero gradient where clipped.
  const p = f64([1, 0], [2]);
  const r = grads(() => losses.binaryCrossentropy()(tensor([0, 1]), p), [p]);
  near(r.value.item(), -Math.log(1e-7), 1e-6);
  assert.deepEqual(Array.from(r.grads[0]!), [0, 0]);
});

test('categorical and sparse categorical crossentropy values', () => {
  const yPred = tensor([0.05, 0.95, 0, 0.1, 0.8, 0.1], [2, 3]);
  const want = (-Math.log(0.95) - Math.log(0.1)) / 2; // 1.1769392 (Keras docs example)
  near(losses.categoricalCrossentropy()(tensor([0, 1, 0, 0, 0, 1], [2, 3]), yPred).item(), want);
  near(losses.sparseCategoricalCrossentropy()(tensor([1, 2], [2], 'int32'), yPred).item(), want);
  near(losses.sparseCategoricalCrossentropy()(tensor([1, 2], [2, 1]), yPred).item(), want);
  // Unnormalised probabilities are renormalised per row (as Keras): [1, 3] -> [0.25, 0.75].
  near(losses.categoricalCrossentropy()(tensor([[0, 1]]), tensor([[1, 3]])).item(), -Math.log(0.75));
  // Logits: −log softmax.
  const logits = [1, 2, 0.5, -1, 0, 3];
  const lsm = (r: number, j: number): number => {
    const row = logits.slice(3 * r, 3 * r + 3);
    return row[j] - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
  };
  const wantL = -(lsm(0, 1) + lsm(1, 2)) / 2;
  near(losses.categoricalCrossentropy({ fromLogits: true })(tensor([0, 1, 0, 0, 0, 1], [2, 3]), tensor(logits, [2, 3])).item(), wantL);
  near(losses.sparseCategoricalCrossentropy({ fromLogits: true })(tensor([1, 2], [2], 'int32'), tensor(logits, [2, 3])).item(), wantL);
  // Smoothing 0.3 over 3 classes: targets t·0.7 + 0.1.
  const sm = [0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
  const wantS = -(sm.slice(0, 3).reduce((s, t, j) => s + t * lsm(0, j), 0) + sm.slice(3).reduce((s, t, j) => s + t * lsm(1, j), 0)) / 2;
  near(losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.3 })(tensor([0, 1, 0, 0, 0, 1], [2, 3]), tensor(logits, [2, 3])).item(), wantS);
  // Sequence outputs [B, T, C] with ids [B, T]: mean over all B·T rows.
  const seq = losses.sparseCategoricalCrossentropy({ fromLogits: true })(tensor([1, 2], [1, 2], 'int32'), tensor(logits, [1, 2, 3]));
  near(seq.item(), wantL);
});

test('crossentropy stability at logits ±100', () => {
  const x = f64([100, -100, 0, -100, 100, 0], [2, 3]);
  for (const fn of [
    (p: Tensor) => losses.categoricalCrossentropy({ fromLogits: true })(tensor([0, 1, 0, 1, 0, 0], [2, 3]), p),
    (p: Tensor) => losses.sparseCategoricalCrossentropy({ fromLogits: true })(tensor([1, 0], [2], 'int32'), p),
  ]) {
    const { value, grads: [d] } = grads(() => fn(x), [x]);
    near(value.item(), 200, 1e-12); // each row: −log softmax = 200 for the −100 class
    assert.ok(Array.from(d!).every(Number.isFinite));
    near(d![0], 0.5, 1e-12); // (softmax 1 − 0)/2
    near(d![1], -0.5, 1e-12);
  }
  const p = f64([1, 0, 0], [1, 3]);
  const r = grads(() => losses.sparseCategoricalCrossentropy()(tensor([2], [1], 'int32'), p), [p]);
  near(r.value.item(), -Math.log(1e-7));
  assert.ok(Array.from(r.grads[0]!).every(Number.isFinite));
});

test('meanSquaredError and meanAbsoluteError values', () => {
  const yTrue = tensor([[0, 1], [0, 0]]);
  const yPred = tensor([[1, 1], [1, 0]]);
  near(losses.meanSquaredError()(yTrue, yPred).item(), 0.5);
  near(losses.meanAbsoluteError()(yTrue, yPred).item(), 0.5);
  near(losses.mse()(tensor([1, 2, 3]), tensor([1.5, 2, 1], [3, 1])).item(), (0.25 + 0 + 4) / 3);
  near(losses.mae()(tensor([1, 2, 3], [3, 1]), tensor([1.5, 2, 1])).item(), (0.5 + 0 + 2) / 3);
});

test('gradcheck of every loss with respect to yPred (and yTrue where it is differentiable)', () => {
  const probs = f64([0.2, 0.7, 0.55, 0.9, 0.35, 0.05], [6, 1]);
  const bin = f64([1, 0, 1, 1, 0, 0], [6, 1]);
  const soft = f64([0.3, 0.9, 0.1, 0.6, 0.2, 0.8], [6, 1]);
  const logits = f64([1.5, -0.3, 0.2, 2.1, -1.7, 0.4], [6, 1]);
  const rows = f64([0.2, 0.5, 0.3, 0.6, 0.1, 0.3, 0.25, 0.25, 0.5, 0.1, 0.7, 0.2], [4, 3]);
  const unnorm = f64([1.2, 0.5, 2.3, 0.6, 0.4, 0.3, 0.25, 0.9, 1.5, 0.1, 0.7, 0.2], [4, 3]);
  const rowLogits = f64([1.2, -0.5, 0.3, 0.6, 2.1, -0.3, 0.25, 0.9, -1.5, 0.1, 0.7, 0.2], [4, 3]);
  const oneHot = f64([0, 1, 0, 1, 0, 0, 0, 0, 1, 0.2, 0.5, 0.3], [4, 3]);
  const ids = tensor([1, 0, 2, 1], [4], 'int32');
  const cases: [string, LossFn, Tensor, Tensor][] = [
    ['bce probs', losses.binaryCrossentropy(), bin, probs],
    ['bce probs soft labels, smoothing', losses.binaryCrossentropy({ labelSmoothing: 0.1 }), soft, probs],
    ['bce logits', losses.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }), soft, logits],
    ['cce probs', losses.categoricalCrossentropy(), oneHot, rows],
    ['cce unnormalised probs', losses.categoricalCrossentropy({ labelSmoothing: 0.1 }), oneHot, unnorm],
    ['cce logits', losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), oneHot, rowLogits],
    ['mse', losses.meanSquaredError(), soft, logits],
    ['mae', losses.meanAbsoluteError(), soft, logits],
  ];
  for (const [name, fn, yTrue, yPred] of cases) {
    assert.doesNotThrow(() => assertGradcheck((t, p) => fn(t, p), [yTrue, yPred]), name);
  }
  assertGradcheck((p) => losses.sparseCategoricalCrossentropy()(ids, p), [unnorm]);
  assertGradcheck((p) => losses.sparseCategoricalCrossentropy({ fromLogits: true })(ids, p), [rowLogits]);
  assertGradcheck((p) => losses.sparseCategoricalCrossentropy({ fromLogits: true })(tensor([1, 0, 2, 1], [2, 2, 1]), p), [f64(Array.from(rowLogits.data), [2, 2, 3])]);
});

test('label shape errors name expected and given shapes; [B] vs [B, 1] is accepted', () => {
  const bce = losses.binaryCrossentropy();
  assert.doesNotThrow(() => bce(tensor([1, 0]), tensor([0.5, 0.5], [2, 1])));
  assert.doesNotThrow(() => bce(tensor([1, 0], [2, 1]), tensor([0.5, 0.5])));
  assert.throws(() => bce(tensor([1, 0, 1, 0], [2, 2]), tensor([0.5, 0.5], [2, 1])),
    (e: unknown) => e instanceof ShapeError && e.message === 'binaryCrossentropy: yTrue shape [2, 2] does not match yPred shape [2, 1] (expected yTrue of shape [2, 1] or [2]).');
  assert.throws(() => losses.meanSquaredError()(tensor([1, 2, 3]), tensor([1, 2])), /meanSquaredError: yTrue shape \[3\] does not match yPred shape \[2\]/);
  // One-hot loss given integer ids: the error points to the sparse loss.
  assert.throws(() => losses.categoricalCrossentropy()(tensor([1, 0], [2], 'int32'), tensor([0.5, 0.5, 0.2, 0.8], [2, 2])),
    /categoricalCrossentropy: yTrue shape \[2\] does not match yPred shape \[2, 2\].*use sparseCategoricalCrossentropy/);
  const scce = losses.sparseCategoricalCrossentropy();
  assert.throws(() => scce(tensor([0, 1, 0, 1], [2, 2]), tensor([0.5, 0.5, 0.2, 0.8], [2, 2])),
    /expected integer class ids of shape \[2\] or \[2, 1\]/);
  assert.throws(() => scce(tensor([0, 3], [2], 'int32'), tensor([0.5, 0.5, 0.2, 0.8], [2, 2])),
    (e: unknown) => e instanceof ValueError && /label 3 at flat index 1 is not a class id in \[0, 2\)/.test(e.message));
  assert.throws(() => scce(tensor([0, 0.5]), tensor([0.5, 0.5, 0.2, 0.8], [2, 2])), /label 0.5/);
  assert.throws(() => bce(tensor([1]), tensor([1], [1], 'int32')), DTypeError);
  assert.throws(() => losses.binaryCrossentropy({ labelSmoothing: 2 }), /labelSmoothing must be in \[0, 1\]/);
});

test('getLoss / resolveLoss accept Keras and camelCase names and return the canonical name', () => {
  const names: [string, string][] = [
    ['binaryCrossentropy', 'binaryCrossentropy'], ['binary_crossentropy', 'binaryCrossentropy'], ['BinaryCrossentropy', 'binaryCrossentropy'],
    ['categoricalCrossentropy', 'categoricalCrossentropy'], ['categorical_crossentropy', 'categoricalCrossentropy'],
    ['sparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'], ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
    ['mse', 'meanSquaredError'], ['meanSquaredError', 'meanSquaredError'], ['mean_squared_error', 'meanSquaredError'],
    ['mae', 'meanAbsoluteError'], ['mean_absolute_error', 'meanAbsoluteError'],
  ];
  for (const [id, want] of names) assert.equal(resolveLoss(id).name, want, id);
  near(getLoss('mse')(tensor([1]), tensor([3])).item(), 4);
  // Serialised Keras form with snake_case config.
  const r = resolveLoss({ className: 'BinaryCrossentropy', config: { from_logits: true, reduction: 'sum_over_batch_size' } });
  near(r.fn(tensor([1]), tensor([0])).item(), Math.log(2));
  // Functions pass through; factory-made ones keep their name.
  const custom: LossFn = function myLoss(t, p) { return losses.mse()(t, p); };
  assert.equal(resolveLoss(custom).name, 'myLoss');
  assert.equal(resolveLoss(custom).fn, custom);
  assert.equal(resolveLoss(losses.categoricalCrossentropy({ fromLogits: true })).name, 'categoricalCrossentropy');
  assert.throws(() => getLoss('hinge'), (e: unknown) => e instanceof ValueError && /Unknown loss 'hinge'. Expected one of: binaryCrossentropy/.test(e.message));
});
