import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ShapeError, ValueError, layers, losses, metrics, optimizers, sequential, setSeed, tensor,
  type Sequential, type Tensor,
} from '../../src/index.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { weightedLoss, type LossFn } from '../../src/losses/index.js';

const near = (got: number, want: number, tol = 1e-6): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `got ${got}, want ${want}`);
const bceOf = (t: number, p: number): number => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

// ---------------------------------------------------------------- the weighted loss itself

test('weightedLoss = Σ w_i·L_i / B (Keras sum_over_batch_size), not / Σ w: bce, cce, sparse cce, mse', () => {
  // bce on [3, 1]
  const p = [0.8, 0.3, 0.6];
  const t = [1, 0, 1];
  const w = [1, 2, 0.5];
  const want = (w[0] * bceOf(t[0], p[0]) + w[1] * bceOf(t[1], p[1]) + w[2] * bceOf(t[2], p[2])) / 3;
  near(weightedLoss(losses.binaryCrossentropy(), tensor(t, [3, 1]), tensor(p, [3, 1]), tensor(w)).item(), want);
  // Not the 'mean_with_sample_weight' reduction (÷ Σ w = 3.5).
  assert.ok(Math.abs(want * 3 / 3.5 - want) > 1e-3);

  // cce and sparse cce on [3, 3], one weight repeated (two samples share a group) and one zero.
  const probs = [0.05, 0.95, 0, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4];
  const ids = [1, 2, 0];
  const cw = [2, 0, 2];
  const cce = (2 * -Math.log(0.95) + 0 * -Math.log(0.1) + 2 * -Math.log(0.3)) / 3;
  const oneHot = [0, 1, 0, 0, 0, 1, 1, 0, 0];
  near(weightedLoss(losses.categoricalCrossentropy(), tensor(oneHot, [3, 3]), tensor(probs, [3, 3]), tensor(cw)).item(), cce);
  near(weightedLoss(losses.sparseCategoricalCrossentropy(), tensor(ids, [3], 'int32'), tensor(probs, [3, 3]), tensor(cw, [3, 1])).item(), cce);

  // mse on sequence outputs [B=2, T=2, D=1]: per-sample loss = mean over T·D first.
  const yT = [1, 2, 0, 0];
  const yP = [0, 2, 1, 3];
  const l0 = ((0 - 1) ** 2 + 0) / 2; // 0.5
  const l1 = (1 + 9) / 2; // 5
  near(weightedLoss(losses.meanSquaredError(), tensor(yT, [2, 2, 1]), tensor(yP, [2, 2, 1]), tensor([3, 1])).item(), (3 * l0 + 1 * l1) / 2);
  // All weights equal: exactly w · the unweighted loss.
  const plain = losses.meanSquaredError()(tensor(yT, [2, 2, 1]), tensor(yP, [2, 2, 1])).item();
  assert.equal(weightedLoss(losses.meanSquaredError(), tensor(yT, [2, 2, 1]), tensor(yP, [2, 2, 1]), tensor([1, 1])).item(), plain);
});

test('weightedLoss gradients (float64 gradcheck) for bce logits, cce, sparse cce and sequence mse', () => {
  const cases: [string, LossFn, Tensor, Tensor, Tensor][] = [
    ['bce logits', losses.binaryCrossentropy({ fromLogits: true }), tensor([1, 0, 1, 0], [4, 1]), tensor([0.3, -1.2, 2, 0.1], [4, 1], 'float64'), tensor([1, 3, 0, 3])],
    ['cce', losses.categoricalCrossentropy(), tensor([0, 1, 0, 0, 0, 1, 1, 0, 0], [3, 3]), tensor([0.2, 0.5, 0.3, 0.1, 0.6, 0.3, 0.5, 0.25, 0.25], [3, 3], 'float64'), tensor([0.5, 2, 0.5])],
    ['sparse cce logits', losses.sparseCategoricalCrossentropy({ fromLogits: true }), tensor([2, 0, 1], [3], 'int32'), tensor([0.1, -0.4, 1, 2, 0.3, -1, 0, 0.5, 0.2], [3, 3], 'float64'), tensor([1, 0, 4])],
    ['mse [B, T, D]', losses.meanSquaredError(), tensor([1, 0, 2, 1, 0, 1, 3, 1], [2, 2, 2]), tensor([0.5, 0.1, 1, 2, -1, 0.4, 2, 0], [2, 2, 2], 'float64'), tensor([2.5, 0.75])],
  ];
  for (const [name, fn, yT, yP, w] of cases) {
    const r = assertGradcheck((pred) => weightedLoss(fn, yT, pred, w), [yP]);
    assert.ok(r.checked > 0, name);
  }
});

// ---------------------------------------------------------------- tiny fixed models

/** Dense(1, sigmoid) on 2 features with fixed weights: p = σ(0.5·x0 − x1 + 0.1). */
function binaryModel(lr = 0.5): Sequential {
  const m = sequential({ layers: [layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  m.setWeights([tensor([0.5, -1], [2, 1]), tensor([0.1])]);
  return m;
}

const BX = [[1, 0], [0, 1], [2, 1], [-1, 0.5], [0.5, 0.5], [1, 2]];
const BY = [1, 1, 1, 0, 0, 1]; // predictions 0.646, 0.289, 0.525, 0.289, 0.463, 0.198: correct, wrong, correct, correct, correct, wrong

test('evaluate with sampleWeight: weighted loss Σ w·bce / N and weighted accuracy Σ w·hit / Σ w, by hand', () => {
  const m = binaryModel();
  const w = [1, 2, 0, 3, 0.5, 1.5];
  const logits = BX.map(([a, b]) => 0.5 * a - b + 0.1);
  let loss = 0;
  let hit = 0;
  let wsum = 0;
  logits.forEach((z, i) => {
    const p = sigmoid(z);
    loss += w[i] * bceOf(BY[i], p);
    hit += w[i] * ((p > 0.5 ? 1 : 0) === BY[i] ? 1 : 0);
    wsum += w[i];
  });
  for (const batchSize of [6, 4, 1]) {
    const ev = m.evaluate(tensor(BX), tensor(BY, [6, 1]), { sampleWeight: w, batchSize });
    near(ev.loss, loss / 6, 1e-6);
    near(ev.accuracy, hit / wsum, 1e-12);
  }
  // hit / wsum = (1 + 0 + 0 + 3 + 0.5 + 0) / 8 here; unweighted accuracy is 4/6: the weights matter.
  near(hit / wsum, 4.5 / 8, 1e-12);
  near(m.evaluate(tensor(BX), tensor(BY, [6, 1])).accuracy, 4 / 6, 1e-12);
  // [N, 1] tensor weights are accepted too.
  near(m.evaluate(tensor(BX), tensor(BY, [6, 1]), { sampleWeight: tensor(w, [6, 1]) }).loss, loss / 6, 1e-6);
});

test('trainOnBatch with sampleWeight: the loss by hand, and the SGD step is the gradient of Σ w·bce / B', () => {
  const m = binaryModel(0.5);
  const w = [1, 2, 0, 3, 0.5, 1.5];
  const logs = m.trainOnBatch(tensor(BX), tensor(BY, [6, 1]), w);
  let loss = 0;
  const dk = [0, 0];
  let db = 0;
  BX.forEach(([a, b], i) => {
    const p = sigmoid(0.5 * a - b + 0.1);
    loss += w[i] * bceOf(BY[i], p);
    const g = (w[i] * (p - BY[i])) / 6; // d(Σ w·bce / B)/dz_i
    dk[0] += g * a;
    dk[1] += g * b;
    db += g;
  });
  near(logs.loss, loss / 6, 1e-6);
  const [k, bias] = m.getWeights();
  near(k.data[0], 0.5 - 0.5 * dk[0], 1e-6);
  near(k.data[1], -1 - 0.5 * dk[1], 1e-6);
  near(bias.data[0], 0.1 - 0.5 * db, 1e-6);
});

test('categorical model: evaluate with sampleWeight for cce and sparse cce by hand (weighted categorical accuracy)', () => {
  const x = [[1, 0], [0, 1], [1, 1], [2, -1]];
  const ids = [0, 1, 1, 2];
  const w = [0.5, 2, 1, 3];
  const kernel = [1, 0, -1, 0, 1, 0.5]; // [2, 3]
  const bias = [0, 0.2, -0.1];
  const probsOf = (r: number[]): number[] => {
    const z = [0, 1, 2].map((j) => r[0] * kernel[j] + r[1] * kernel[3 + j] + bias[j]);
    const mx = Math.max(...z);
    const e = z.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  let loss = 0;
  let hit = 0;
  x.forEach((r, i) => {
    const p = probsOf(r);
    loss += w[i] * -Math.log(p[ids[i]]);
    if (p.indexOf(Math.max(...p)) === ids[i]) hit += w[i];
  });
  for (const [lossName, y] of [
    ['sparseCategoricalCrossentropy', tensor(ids, [4], 'int32')],
    ['categoricalCrossentropy', tensor(ids.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))))],
  ] as const) {
    const m = sequential({ layers: [layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
    m.compile({ optimizer: 'sgd', loss: lossName, metrics: ['accuracy'] });
    m.setWeights([tensor(kernel, [2, 3]), tensor(bias)]);
    const ev = m.evaluate(tensor(x), y, { sampleWeight: w, batchSize: 3 });
    near(ev.loss, loss / 4, 1e-6);
    near(ev.accuracy, hit / 6.5, 1e-12);
  }
});

test('weighted metrics directly: accuracies and a loss metric take Σ w·v / Σ w (per-sample means over time)', () => {
  // Binary accuracy on [2, 2] (two predictions per sample): sample hits 1/2 and 2/2, weights 3 and 1.
  const ba = metrics.binaryAccuracy();
  ba.update(tensor([[1, 0], [0, 1]]), tensor([[0.9, 0.8], [0.2, 0.7]]), tensor([3, 1]));
  near(ba.result(), (3 * 0.5 + 1 * 1) / 4, 1e-12);
  // Sparse accuracy on sequences [B=2, T=2, C=2].
  const sa = metrics.sparseCategoricalAccuracy();
  sa.update(tensor([0, 1, 1, 1], [2, 2], 'int32'), tensor([0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.6], [2, 2, 2]), tensor([1, 2]));
  near(sa.result(), (1 * 0.5 + 2 * 1) / 3, 1e-12);
  // Running over two updates, and all-zero weights give 0 (Keras' divide_no_nan).
  const ca = metrics.categoricalAccuracy();
  ca.update(tensor([[1, 0]]), tensor([[0.2, 0.8]]), tensor([0]));
  assert.equal(ca.result(), 0);
  ca.update(tensor([[1, 0]]), tensor([[0.7, 0.3]]), tensor([2]));
  near(ca.result(), 1, 1e-12);
  // mse as a metric: weighted mean of per-sample mse.
  const m = sequential({ layers: [layers.dense({ units: 2, inputShape: [1] })] });
  m.compile({ optimizer: 'sgd', loss: 'mae', metrics: ['mse'] });
  m.setWeights([tensor([[1, -1]]), tensor([0, 0])]);
  const x = tensor([[1], [2], [3]]);
  const y = tensor([[0, 0], [2, 0], [0, -3]]);
  const per = [(1 + 1) / 2, (0 + 4) / 2, (9 + 0) / 2];
  const w = [1, 0, 2];
  near(m.evaluate(x, y, { sampleWeight: w, batchSize: 2 }).mse, (1 * per[0] + 2 * per[2]) / 3, 1e-6);
});

// ---------------------------------------------------------------- fit

/** 12 samples, 2 features, binary labels (8 of class 0, 4 of class 1). */
function fitData(): { x: Tensor; y: Tensor; labels: number[] } {
  const xs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 12; i++) {
    xs.push([Math.sin(i * 1.3), Math.cos(i * 0.7)]);
    labels.push(i % 3 === 0 ? 1 : 0);
  }
  return { x: tensor(xs), y: tensor(labels, [12, 1]), labels };
}

function fitModel(): Sequential {
  setSeed(7);
  const m = sequential({
    layers: [layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

const flatWeights = (m: Sequential): number[] => m.getWeights().flatMap((t) => Array.from(t.data));

test('fit with classWeight {0: 1, 1: 3} equals fit with the equivalent sampleWeight, bit for bit', async () => {
  const { x, y, labels } = fitData();
  const opts = { epochs: 4, batchSize: 5, verbose: 0 as const, seed: 3 };
  const a = fitModel();
  const ha = await a.fit(x, y, { ...opts, classWeight: { 0: 1, 1: 3 } });
  const b = fitModel();
  const hb = await b.fit(x, y, { ...opts, sampleWeight: labels.map((l) => (l === 1 ? 3 : 1)) });
  assert.deepEqual(ha.history.loss, hb.history.loss);
  assert.deepEqual(ha.history.accuracy, hb.history.accuracy);
  assert.deepEqual(flatWeights(a), flatWeights(b));
  // ... and the weighting changes training (the test could fail).
  const c = fitModel();
  const hc = await c.fit(x, y, opts);
  assert.notDeepEqual(hc.history.loss, ha.history.loss);
  // Sparse and one-hot labels: the class is the id / the argmax of the row.
  const mk = (loss: string): Sequential => {
    setSeed(2);
    const m = sequential({ layers: [layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })] });
    m.compile({ optimizer: optimizers.sgd({ learningRate: 0.3 }), loss });
    return m;
  };
  const s1 = mk('sparseCategoricalCrossentropy');
  const h1 = await s1.fit(x, tensor(labels, [12], 'int32'), { ...opts, classWeight: { 1: 3 } });
  const s2 = mk('categoricalCrossentropy');
  const h2 = await s2.fit(x, tensor(labels.map((l) => (l === 1 ? [0, 1] : [1, 0]))), { ...opts, sampleWeight: labels.map((l) => (l === 1 ? 3 : 1)) });
  assert.deepEqual(h1.history.loss, h2.history.loss);
});

test('sampleWeight of all ones equals no weights (losses, metrics and weights)', async () => {
  const { x, y } = fitData();
  const opts = { epochs: 3, batchSize: 5, verbose: 0 as const, seed: 4, validationSplit: 0.25 };
  const a = fitModel();
  const ha = await a.fit(x, y, opts);
  const b = fitModel();
  const hb = await b.fit(x, y, { ...opts, sampleWeight: new Array(12).fill(1) });
  assert.deepEqual(hb.history, ha.history);
  assert.deepEqual(flatWeights(b), flatWeights(a));
});

test('a sample with weight 0 does not affect the gradient (its label can be anything)', () => {
  const { x, labels } = fitData();
  const w = labels.map((_, i) => (i === 4 ? 0 : 1));
  const flipped = labels.map((l, i) => (i === 4 ? 1 - l : l));
  const a = fitModel();
  a.trainOnBatch(x, tensor(labels, [12, 1]), w);
  const b = fitModel();
  b.trainOnBatch(x, tensor(flipped, [12, 1]), w);
  assert.deepEqual(flatWeights(b), flatWeights(a));
  // Without the zero weight the flipped label does change the step.
  const c = fitModel();
  c.trainOnBatch(x, tensor(flipped, [12, 1]));
  const d = fitModel();
  d.trainOnBatch(x, tensor(labels, [12, 1]));
  assert.notDeepEqual(flatWeights(c), flatWeights(d));
});

test('shuffling keeps each weight with its sample: zero-weighted garbage labels never matter', async () => {
  // Samples 1, 5, 8 get weight 0; their labels are 0 in one run and 1 in the other. If a weight
  // travelled to another sample after the shuffle, the two runs would train differently.
  const { x, labels } = fitData();
  const zero = new Set([1, 5, 8]);
  const w = labels.map((_, i) => (zero.has(i) ? 0 : 1 + (i % 2)));
  const run = async (fill: number, shuffle: boolean): Promise<{ loss: number[]; weights: number[] }> => {
    const m = fitModel();
    const y = tensor(labels.map((l, i) => (zero.has(i) ? fill : l)), [12, 1]);
    const h = await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, seed: 9, shuffle, sampleWeight: w });
    return { loss: h.history.loss, weights: flatWeights(m) };
  };
  const a = await run(0, true);
  const b = await run(1, true);
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(b.loss, a.loss);
  // The order really is shuffled (else the test would not exercise alignment).
  const c = await run(0, false);
  assert.notDeepEqual(c.weights, a.weights);
});

test('validation weights: validationData [x, y, sampleWeight] and validationSplit keep their weights', async () => {
  const { x, y } = fitData();
  const w = Array.from({ length: 12 }, (_, i) => (i % 4) * 0.5);
  const a = fitModel();
  const h = await a.fit(x, y, { epochs: 2, batchSize: 6, verbose: 0, seed: 1, validationData: [x, y, w] });
  const ev = a.evaluate(x, y, { sampleWeight: w, batchSize: 6 });
  near(h.history.val_loss[1], ev.loss, 1e-7);
  near(h.history.val_accuracy[1], ev.accuracy, 1e-12);
  assert.ok(Math.abs(ev.loss - a.evaluate(x, y, { batchSize: 6 }).loss) > 1e-4);
  // validationSplit 0.25: the last 3 samples and their weights are held out.
  const b = fitModel();
  const hb = await b.fit(x, y, { epochs: 1, batchSize: 6, verbose: 0, seed: 1, validationSplit: 0.25, sampleWeight: w });
  const tailX = tensor((x.toArray() as number[][]).slice(9));
  const tailY = tensor((y.toArray() as number[][]).slice(9));
  near(hb.history.val_loss[0], b.evaluate(tailX, tailY, { sampleWeight: w.slice(9), batchSize: 6 }).loss, 1e-7);
});

// ---------------------------------------------------------------- bad input

test('bad sampleWeight / classWeight input: errors that name the problem', async () => {
  const { x, y } = fitData();
  const m = fitModel();
  const fit = (o: object): Promise<unknown> => m.fit(x, y, { epochs: 1, verbose: 0, ...o });
  await assert.rejects(fit({ sampleWeight: [1, 2, 3] }), (e: Error) => e instanceof ShapeError && /3 weights but there are 12 samples/.test(e.message));
  await assert.rejects(fit({ sampleWeight: tensor(new Array(24).fill(1), [12, 2]) }), (e: Error) => e instanceof ShapeError && /\[N\] or \[N, 1\]/.test(e.message));
  const neg = new Array(12).fill(1);
  neg[7] = -0.5;
  await assert.rejects(fit({ sampleWeight: neg }), (e: Error) => e instanceof ValueError && /sampleWeight\[7\] is -0.5/.test(e.message));
  const nan = new Array(12).fill(1);
  nan[2] = NaN;
  await assert.rejects(fit({ sampleWeight: nan }), (e: Error) => e instanceof ValueError && /sampleWeight\[2\] is NaN/.test(e.message));
  await assert.rejects(fit({ sampleWeight: new Array(12).fill(1), classWeight: { 0: 1 } }), (e: Error) => e instanceof ValueError && /cannot give classWeight and sampleWeight at the same time/.test(e.message));
  await assert.rejects(fit({ classWeight: { 0: 1, 2: 3 } }), (e: Error) => e instanceof ValueError && /key 2, but a binary target/.test(e.message));
  await assert.rejects(fit({ classWeight: { a: 1 } }), (e: Error) => e instanceof ValueError && /key 'a' is not a class id/.test(e.message));
  await assert.rejects(fit({ classWeight: { 1: -2 } }), (e: Error) => e instanceof ValueError && /classWeight\[1\] is -2/.test(e.message));
  await assert.rejects(fit({ validationData: [x, y, [1]] }), (e: Error) => e instanceof ShapeError && /validationData.*1 weights but there are 12/.test(e.message));
  assert.throws(() => m.evaluate(x, y, { sampleWeight: [1, 1] }), /evaluate: sampleWeight has 2 weights but there are 12 samples/);
  assert.throws(() => m.trainOnBatch(x, y, [1]), /trainOnBatch: sampleWeight has 1 weights/);

  // 4 classes: key 4 is out of range; a sequence output [N, T, C] is refused as Keras refuses it.
  const c4 = sequential({ layers: [layers.dense({ units: 4, activation: 'softmax', inputShape: [2] })] });
  c4.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  await assert.rejects(c4.fit(x, tensor(new Array(12).fill(1), [12], 'int32'), { verbose: 0, classWeight: { 4: 2 } }),
    /classWeight has key 4, but the model's output \[\?, 4\] has 4 classes \(ids 0\.\.3\)/);
  const seq = sequential({ layers: [layers.dense({ units: 3, activation: 'softmax', inputShape: [5, 2] })] });
  seq.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  const sx = tensor(new Array(4 * 5 * 2).fill(0.5), [4, 5, 2]);
  const sy = tensor(new Array(4 * 5).fill(1), [4, 5], 'int32');
  await assert.rejects(seq.fit(sx, sy, { verbose: 0, classWeight: { 0: 1, 1: 2 } }),
    (e: Error) => e instanceof ValueError && /not supported for 3\+ dimensional targets \(the model's output is \[\?, 5, 3\]\)/.test(e.message));
  // ... while per-sample weights work for sequence outputs (loss averaged over time first).
  const h = await seq.fit(sx, sy, { verbose: 0, epochs: 1, sampleWeight: [1, 0, 2, 1] });
  assert.ok(Number.isFinite(h.history.loss[0]));
});
