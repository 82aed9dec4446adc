import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/create.js';
import { Variable } from '../../src/tensor/tensor.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { grads } from '../../src/autograd/tape.js';
import { ValueError } from '../../src/errors.js';
import { constraints, getConstraint, getRegularizer, regularizers } from '../../src/regularizers/index.js';

const near = (got: ArrayLike<number>, want: number[], tol = 1e-6): void => {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol, `index ${i}: got ${got[i]}, want ${want[i]}`);
};

test('regularizer penalties: l1, l2, l1l2 and Keras defaults', () => {
  const w = tensor([1, -2, 3, 0]);
  near([regularizers.l1(0.1).apply(w).item()], [0.6]); // 0.1·(1 + 2 + 3)
  near([regularizers.l2(0.01).apply(w).item()], [0.14]); // 0.01·(1 + 4 + 9), no ½
  near([regularizers.l1l2({ l1: 0.1, l2: 0.01 }).apply(w).item()], [0.74]);
  near([regularizers.l1().apply(w).item()], [0.06]); // L1 default 0.01
  near([regularizers.l2().apply(w).item()], [0.14]); // L2 default 0.01
  assert.equal(regularizers.l1l2().apply(w).item(), 0); // Keras 3 L1L2 defaults are 0
  assert.equal(regularizers.l2(0.5).apply(w).shape.length, 0);
  // Gradient by hand: l1·sign(w) + 2·l2·w, sign(0) = 0.
  const v = new Variable(Float32Array.from([1, -2, 3, 0]), [4], 'dense/kernel');
  const { grads: [d] } = grads(() => regularizers.l1l2({ l1: 0.1, l2: 0.01 }).apply(v), [v]);
  near(d!, [0.12, -0.14, 0.16, 0]);
});

test('regularizer gradcheck (float64)', () => {
  const w = tensor([0.3, -1.2, 2.5, -0.7, 0.05, 1.1], [2, 3], 'float64');
  assertGradcheck((x) => regularizers.l1l2({ l1: 0.3, l2: 0.2 }).apply(x), [w]);
  assertGradcheck((x) => regularizers.l2(0.1).apply(x), [w]);
  const p = new Variable(Float32Array.from([0.4, -0.9, 1.3]), [3], 'p');
  assertGradcheck(() => regularizers.l1(0.2).apply(p), [tensor([0])], { params: [p] });
});

test('getRegularizer: names, serialised configs, unknown names', () => {
  assert.equal(getRegularizer('l2').className, 'L2');
  assert.deepEqual(getRegularizer('L1').getConfig(), { l1: 0.01 });
  assert.deepEqual(getRegularizer('l1_l2').getConfig(), { l1: 0, l2: 0 });
  assert.deepEqual(getRegularizer({ className: 'L1L2', config: { l1: 0.5, l2: 0.25 } }).getConfig(), { l1: 0.5, l2: 0.25 });
  const r = regularizers.l2(0.3);
  assert.equal(getRegularizer(r), r);
  assert.throws(() => getRegularizer('l3'), (e: unknown) => e instanceof ValueError && /Unknown regularizer 'l3'. Expected one of: l1, l2, l1l2/.test(e.message));
  assert.throws(() => regularizers.l2(-1), /l2 must be >= 0/);
});

test('maxNorm clips column norms (axis 0) or row norms (axis 1)', () => {
  // w [2, 2] = [[3, 0], [4, 1]]: column norms 5 and 1.
  const w = new Variable(Float32Array.from([3, 0, 4, 1]), [2, 2], 'w');
  constraints.maxNorm({ maxValue: 2 }).apply(w);
  const s1 = 1 / (1 + 1e-7); // a norm under the limit is divided by (ε + norm) as in Keras
  near(w.data, [3 * (2 / (5 + 1e-7)), 0, 4 * (2 / (5 + 1e-7)), 1 * s1]);
  // Rows (axis 1): [3, 4] has norm 5 -> scaled to norm 2; [0, 1] unchanged.
  const r = new Variable(Float32Array.from([3, 4, 0, 1]), [2, 2], 'r');
  constraints.maxNorm({ maxValue: 2, axis: 1 }).apply(r);
  near(r.data, [1.2, 1.6, 0, 1]);
  // Conv kernel [k, in, out] with axis [0, 1]: one norm per output filter.
  const k = new Variable(Float32Array.from([3, 0, 0, 1, 0, 0, 4, 0]), [2, 2, 2], 'k');
  constraints.maxNorm({ maxValue: 1, axis: [0, 1] }).apply(k);
  near(k.data, [0.6, 0, 0, 1, 0, 0, 0.8, 0]);
  assert.deepEqual(constraints.maxNorm().getConfig(), { maxValue: 2, axis: 0 });
});

test('nonNeg, unitNorm, minMaxNorm', () => {
  const a = new Variable(Float32Array.from([-1, 2, -0.5, 0]), [4], 'a');
  constraints.nonNeg().apply(a);
  assert.deepEqual(Array.from(a.data), [0, 2, 0, 0]);
  const u = new Variable(Float64Array.from([3, 0, 4, 2]), [2, 2], 'u');
  constraints.unitNorm().apply(u);
  near(u.data, [0.6, 0, 0.8, 1], 1e-6);
  // minMaxNorm(min 1, max 2, rate 0.5): column norms 0.5 -> 0.75, 5 -> 3.5.
  const m = new Variable(Float64Array.from([0.3, 3, 0.4, 4]), [2, 2], 'm');
  constraints.minMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).apply(m);
  near(m.data, [0.3 * 1.5, 3 * 0.7, 0.4 * 1.5, 4 * 0.7], 1e-6);
});

test('getConstraint: names, serialised configs, unknown names', () => {
  assert.equal(getConstraint('max_norm').className, 'MaxNorm');
  assert.equal(getConstraint('NonNeg').className, 'NonNeg');
  assert.equal(getConstraint('unitNorm').className, 'UnitNorm');
  assert.deepEqual(getConstraint({ className: 'MaxNorm', config: { max_value: 3, axis: 1 } }).getConfig(), { maxValue: 3, axis: 1 });
  assert.throws(() => getConstraint('clip'), /Unknown constraint 'clip'. Expected one of: maxNorm, nonNeg, unitNorm, minMaxNorm/);
  assert.throws(() => constraints.maxNorm({ axis: 2 }).apply(new Variable(new Float32Array(4), [2, 2], 'w')), /axis 2 is out of range/);
});
