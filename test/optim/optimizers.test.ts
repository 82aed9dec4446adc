import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Variable } from '../../src/tensor/tensor.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { Adagrad, Adam, Optimizer, RMSprop, SGD, adam, getOptimizer, sgd, type GradPair } from '../../src/optim/index.js';

const v64 = (vals: number[], name = 'w'): Variable => new Variable(Float64Array.from(vals), [vals.length], name);
const close = (got: ArrayLike<number>, want: number[], tol = 1e-12): void => {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `index ${i}: got ${got[i]}, want ${want[i]}`);
  }
};
/** Gradient of the toy loss Σ (w − c)² · k_i, so the gradient changes every step. */
const gradOf = (w: ArrayLike<number>): Float64Array => Float64Array.from({ length: w.length }, (_, i) => 2 * (w[i] - 0.3) * (i + 1));

test('SGD: plain, momentum and nesterov match hand-computed values', () => {
  // Constant gradient g = [0.5, −1], lr 0.1, momentum 0.9 (numbers worked out by hand).
  const g = Float64Array.from([0.5, -1]);
  const plain = v64([1, -2]);
  const o0 = new SGD({ learningRate: 0.1 });
  o0.applyGradients([{ variable: plain, grad: g }]);
  close(plain.data, [0.95, -1.9]);
  assert.deepEqual(o0.getState().slots, {}, 'momentum 0 keeps no slot');

  const w = v64([1, -2]);
  const o = new SGD({ learningRate: 0.1, momentum: 0.9 });
  const want = [[0.95, -1.9], [0.855, -1.71], [0.7195, -1.439]];
  for (const step of want) {
    o.applyGradients([{ variable: w, grad: g }]);
    close(w.data, step);
  }
  assert.equal(o.iterations, 3);

  const wn = v64([1, -2]);
  const on = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
  const wantN = [[0.905, -1.81], [0.7695, -1.539]];
  for (const step of wantN) {
    on.applyGradients([{ variable: wn, grad: g }]);
    close(wn.data, step);
  }
  assert.equal(new SGD().learningRate, 0.01);
});

test('Adam (Keras 3 formula, epsilon outside the root on uncorrected v) for 3 steps', () => {
  const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  const w = v64([1, -2, 0.5]);
  const ref = [1, -2, 0.5];
  const m = [0, 0, 0], v = [0, 0, 0];
  const o = new Adam({ learningRate: lr });
  for (let t = 1; t <= 3; t++) {
    const g = gradOf(ref);
    o.applyGradients([{ variable: w, grad: g }]);
    for (let i = 0; i < 3; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mhat = m[i] / (1 - b1 ** t);
      // Keras: lr·√(1−β2^t)/(1−β1^t) · m / (√v + ε)  ==  lr · m̂ / (√v̂ + ε/√(1−β2^t))
      ref[i] -= (lr * mhat) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps / Math.sqrt(1 - b2 ** t));
    }
    close(w.data, ref, 1e-12);
  }
  // First step of Adam moves each weight by ≈ lr·sign(g).
  const w1 = v64([0]);
  adam({ learningRate: 0.001 }).applyGradients([{ variable: w1, grad: Float64Array.from([0.5]) }]);
  close(w1.data, [-0.001 * (Math.sqrt(0.001) * 0.5) / (Math.sqrt(0.001) * 0.5 + 1e-7)]);
  const d = new Adam();
  assert.deepEqual([d.learningRate, d.beta1, d.beta2, d.epsilon, d.amsgrad], [0.001, 0.9, 0.999, 1e-7, false]);
});

test('Adam amsgrad keeps the running max of v', () => {
  const w = v64([1]);
  const o = new Adam({ learningRate: 0.1, amsgrad: true });
  const gs = [2, 0.1, 0.1];
  let m = 0, v = 0, vh = 0, ref = 1;
  gs.forEach((gi, k) => {
    const t = k + 1;
    o.applyGradients([{ variable: w, grad: Float64Array.from([gi]) }]);
    m += (gi - m) * 0.1;
    v += (gi * gi - v) * 0.001;
    vh = Math.max(vh, v);
    ref -= ((0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t)) * m / (Math.sqrt(vh) + 1e-7);
    close(w.data, [ref]);
  });
});

test('RMSprop: plain (epsilon inside the root), momentum and centered for 3 steps', () => {
  for (const cfg of [{ momentum: 0, centered: false }, { momentum: 0.5, centered: false }, { momentum: 0, centered: true }, { momentum: 0.5, centered: true }]) {
    const lr = 0.01, rho = 0.9, eps = 1e-7;
    const w = v64([1, -2, 0.5]);
    const ref = [1, -2, 0.5];
    const vel = [0, 0, 0], mg = [0, 0, 0], mom = [0, 0, 0];
    const o = new RMSprop({ learningRate: lr, ...cfg });
    for (let t = 1; t <= 3; t++) {
      const g = gradOf(ref);
      o.applyGradients([{ variable: w, grad: g }]);
      for (let i = 0; i < 3; i++) {
        vel[i] = rho * vel[i] + (1 - rho) * g[i] ** 2;
        mg[i] = rho * mg[i] + (1 - rho) * g[i];
        const denom = cfg.centered ? vel[i] - mg[i] ** 2 + eps : vel[i] + eps;
        const inc = (lr * g[i]) / Math.sqrt(denom);
        mom[i] = cfg.momentum * mom[i] + inc;
        ref[i] -= cfg.momentum > 0 ? mom[i] : inc;
      }
      close(w.data, ref, 1e-12);
    }
  }
  // One plain step by hand: v = 0.1·g², w −= lr·g/√(v + ε).
  const w = v64([0]);
  new RMSprop().applyGradients([{ variable: w, grad: Float64Array.from([2]) }]);
  close(w.data, [-0.001 * 2 / Math.sqrt(0.4 + 1e-7)]);
});

test('Adagrad: accumulator starts at 0.1, epsilon inside the root', () => {
  const w = v64([1, -2]);
  const ref = [1, -2];
  const acc = [0.1, 0.1];
  const o = new Adagrad({ learningRate: 0.1 });
  for (let t = 0; t < 3; t++) {
    const g = gradOf(ref);
    o.applyGradients([{ variable: w, grad: g }]);
    for (let i = 0; i < 2; i++) {
      acc[i] += g[i] ** 2;
      ref[i] -= (0.1 * g[i]) / Math.sqrt(acc[i] + 1e-7);
    }
    close(w.data, ref);
  }
  // By hand: g = 1 → a = 1.1, w = −0.001/√1.1000001.
  const w1 = v64([0]);
  new Adagrad().applyGradients([{ variable: w1, grad: Float64Array.from([1]) }]);
  close(w1.data, [-0.001 / Math.sqrt(1.1000001)]);
});

test('float32 variables get float32 slots and agree with float64 to float32 precision', () => {
  const w32 = new Variable(Float32Array.from([1, -2]), [2], 'w');
  const w64 = v64([1, -2]);
  const a = new Adam({ learningRate: 0.01 });
  const b = new Adam({ learningRate: 0.01 });
  for (let t = 0; t < 3; t++) {
    a.applyGradients([{ variable: w32, grad: Float32Array.from(gradOf(w32.data)) }]);
    b.applyGradients([{ variable: w64, grad: gradOf(w64.data) }]);
  }
  assert.ok(a.getState().slots.momentum.w instanceof Float32Array);
  close(w32.data, Array.from(w64.data), 1e-6);
});

test('clipvalue, clipnorm (per tensor) and globalClipnorm; the caller\'s gradients are not modified', () => {
  const step = (opt: Optimizer, grads: number[][]): number[][] => {
    const pairs: GradPair[] = grads.map((g, i) => ({ variable: v64(new Array(g.length).fill(0), `v${i}`), grad: Float64Array.from(g) }));
    const before = pairs.map((p) => Array.from(p.grad));
    opt.applyGradients(pairs);
    pairs.forEach((p, i) => assert.deepEqual(Array.from(p.grad), before[i], 'grad array untouched'));
    return pairs.map((p) => Array.from(p.variable.data, (x) => -x)); // lr 1, plain SGD: the applied gradient
  };
  const cv = step(sgd({ learningRate: 1, clipvalue: 0.3 }), [[0.5, -1, 0.1]]);
  close(cv[0], [0.3, -0.3, 0.1]);
  // clipnorm 1: [3, 4] has norm 5 -> [0.6, 0.8]; [0.3, 0.4] (norm 0.5) is left alone.
  const cn = step(sgd({ learningRate: 1, clipnorm: 1 }), [[3, 4], [0.3, 0.4]]);
  close(cn[0], [0.6, 0.8]);
  close(cn[1], [0.3, 0.4]);
  // globalClipnorm 1: global norm √(9 + 16 + 144) = 13 -> everything scaled by 1/13.
  const gn = step(sgd({ learningRate: 1, globalClipnorm: 1 }), [[3, 4], [0, 0, 12]]);
  close(gn[0], [3 / 13, 4 / 13]);
  close(gn[1], [0, 0, 12 / 13]);
  const small = step(sgd({ learningRate: 1, globalClipnorm: 100 }), [[3, 4], [0, 0, 12]]);
  close(small[1], [0, 0, 12]);
  assert.throws(() => sgd({ clipnorm: 1, clipvalue: 1 }), /only one of clipnorm, clipvalue and globalClipnorm/);
  assert.throws(() => sgd({ clipnorm: 0 }), /clipnorm must be a number > 0/);
});

test('getState / setState: a resumed run continues bit for bit', () => {
  const makeOpts = [
    () => new Adam({ learningRate: 0.05, amsgrad: true }),
    () => new RMSprop({ learningRate: 0.01, momentum: 0.3, centered: true }),
    () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
    () => new Adagrad({ learningRate: 0.1 }),
  ];
  for (const make of makeOpts) {
    const a = new Variable(Float32Array.from([0.4, -1.3, 2.2]), [3], 'dense/kernel');
    const b = new Variable(Float32Array.from([0.1]), [1], 'dense/bias');
    const full = make();
    const run = (opt: Optimizer, x: Variable, y: Variable): void =>
      opt.applyGradients([{ variable: x, grad: Float32Array.from(gradOf(x.data)) }, { variable: y, grad: Float32Array.from(gradOf(y.data)) }]);
    run(full, a, b);
    run(full, a, b);
    const saved = structuredClone(full.getState());
    const savedA = a.data.slice(), savedB = b.data.slice();
    run(full, a, b);
    run(full, a, b);
    const resumed = make();
    resumed.setState(saved);
    assert.equal(resumed.iterations, 2);
    const a2 = new Variable(savedA, [3], 'dense/kernel');
    const b2 = new Variable(savedB, [1], 'dense/bias');
    run(resumed, a2, b2);
    run(resumed, a2, b2);
    assert.deepEqual(Array.from(a2.data), Array.from(a.data), `${full.className} kernel`);
    assert.deepEqual(Array.from(b2.data), Array.from(b.data), `${full.className} bias`);
    // The saved state was a copy: later steps did not change it.
    assert.equal(saved.iterations, 2);
  }
  assert.throws(() => new SGD().setState(new Adam().getState()), /saved by Adam/);
  // float32 slots written as JSON number arrays come back exactly.
  const w = new Variable(Float32Array.from([0.4, -1.3]), [2], 'w');
  const o = new Adam({ learningRate: 0.05 });
  o.applyGradients([{ variable: w, grad: Float32Array.from([0.3, -0.7]) }]);
  const st = o.getState();
  const json = JSON.parse(JSON.stringify({ ...st, slots: Object.fromEntries(Object.entries(st.slots).map(([k, byVar]) =>
    [k, Object.fromEntries(Object.entries(byVar).map(([n, a]) => [n, Array.from(a)]))])) }));
  const o2 = new Adam({ learningRate: 0.05 });
  o2.setState(json);
  const w2 = new Variable(w.data.slice(), [2], 'w');
  o.applyGradients([{ variable: w, grad: Float32Array.from([0.1, 0.2]) }]);
  o2.applyGradients([{ variable: w2, grad: Float32Array.from([0.1, 0.2]) }]);
  assert.deepEqual(Array.from(w2.data), Array.from(w.data));
});

test('getOptimizer: names in any case, instances, serialised configs, unknown names', () => {
  assert.ok(getOptimizer('adam') instanceof Adam);
  assert.ok(getOptimizer('SGD') instanceof SGD);
  assert.ok(getOptimizer('RMSProp') instanceof RMSprop);
  assert.ok(getOptimizer('adagrad') instanceof Adagrad);
  const inst = new SGD();
  assert.equal(getOptimizer(inst), inst);
  const fromKeras = getOptimizer({ className: 'Adam', config: { learning_rate: 0.01, beta_1: 0.8, global_clipnorm: 2 } }) as Adam;
  assert.deepEqual([fromKeras.learningRate, fromKeras.beta1, fromKeras.globalClipnorm], [0.01, 0.8, 2]);
  const round = getOptimizer({ className: 'RMSprop', config: new RMSprop({ rho: 0.8, clipvalue: 0.5 }).getConfig() }) as RMSprop;
  assert.deepEqual(round.getConfig(), { learningRate: 0.001, rho: 0.8, momentum: 0, epsilon: 1e-7, centered: false, clipvalue: 0.5 });
  assert.throws(() => getOptimizer('adamw'), (e: unknown) => e instanceof ValueError && /Unknown optimizer 'adamw'.*sgd, rmsprop, adam, adagrad/.test(e.message));
  assert.throws(() => new Adam({ learningRate: -1 }), /learningRate must be a number >= 0/);
  assert.throws(() => new SGD({ momentum: 1.5 }), /momentum must be a number in \[0, 1\]/);
});

test('applyGradients rejects mismatched gradients and duplicate variable names', () => {
  const o = new SGD();
  assert.throws(() => o.applyGradients([{ variable: v64([1, 2]), grad: new Float64Array(3) }]),
    (e: unknown) => e instanceof ShapeError && /gradient for 'w' has 3 values, the variable has shape \[2\]/.test(e.message));
  assert.throws(() => o.applyGradients([{ variable: v64([1]), grad: new Float64Array(1) }, { variable: v64([2]), grad: new Float64Array(1) }]),
    /two variables are named 'w'/);
});
