import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ShapeError, input, layers, losses, model, optimizers, sequential, setSeed, tensor,
  type LayersModel, type Sequential, type Tensor,
} from '../../src/index.js';
import { assertGradcheck } from '../../src/autograd/gradcheck.js';
import { record } from '../../src/autograd/tape.js';
import { maskedLoss, weightedLoss, type LossFn } from '../../src/losses/index.js';
import type { GradPair } from '../../src/optim/index.js';

const near = (got: number, want: number, tol = 1e-6): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `got ${got}, want ${want}`);
const nearArrays = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void => {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}[${i}]: got ${got[i]}, want ${want[i]}`);
};
const softmax = (z: number[]): number[] => {
  const mx = Math.max(...z);
  const e = z.map((v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const argmax = (p: ArrayLike<number>): number => {
  let best = 0;
  for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
  return best;
};
const weightsOf = (m: LayersModel): number[][] => m.getWeights().map((w) => Array.from(w.data));

// ---------------------------------------------------------------- a tiny fixed model with padding

// Embedding(4 → 2, maskZero) → Dense(3, softmax) on [B, T=3] ids: output [B, 3, 3] with mask [B, 3].
const E = [[0.3, -0.2], [1, 0], [0, 1], [1, 1]]; // row 0 (padding) never reaches an unmasked step
const W = [[1, -1, 0.5], [0, 1, -0.5]]; // [2, 3]
const BIAS = [0.1, 0, -0.1];
const probsOf = (id: number): number[] => softmax([0, 1, 2].map((j) => E[id][0] * W[0][j] + E[id][1] * W[1][j] + BIAS[j]));

const IDS = [[0, 1, 2], [3, 2, 1], [2, 0, 0]]; // row 0 pre-padded, row 1 full, row 2 post-padded
// Labels at masked steps are deliberately "right" for the padding prediction, so counting them would change loss and accuracy.
const LABELS = [[argmax(probsOf(0)), 0, 2], [1, 1, 0], [2, argmax(probsOf(0)), argmax(probsOf(0))]];

function sparseModel(lr = 0.5, metrics: string[] = ['accuracy']): Sequential {
  const m = sequential({
    layers: [
      layers.embedding({ inputDim: 4, outputDim: 2, maskZero: true, inputShape: [3] }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy', metrics });
  m.setWeights([tensor(E), tensor(W), tensor(BIAS)]);
  return m;
}

/** Σ over unmasked steps of w_b·(−log p), Σ w_b·hit, the unmasked count and Σ w_b over unmasked steps. */
function sparseByHand(rows: number[], w: number[] = rows.map(() => 1)): { wl: number; wh: number; valid: number; wsum: number } {
  let wl = 0;
  let wh = 0;
  let valid = 0;
  let wsum = 0;
  rows.forEach((r, k) => {
    IDS[r].forEach((id, t) => {
      if (id === 0) return;
      const p = probsOf(id);
      wl += w[k] * -Math.log(p[LABELS[r][t]]);
      wh += w[k] * (argmax(p) === LABELS[r][t] ? 1 : 0);
      valid += 1;
      wsum += w[k];
    });
  });
  return { wl, wh, valid, wsum };
}

test('forwardWithMask returns the output mask: Embedding(maskZero) → LSTM(returnSequences) → TimeDistributed(Dense), Sequential and functional', () => {
  setSeed(3);
  const ids = tensor([[0, 0, 1, 2], [3, 1, 2, 0]], [2, 4], 'int32');
  const want = [0, 0, 1, 1, 1, 1, 1, 0];
  const seq = sequential({
    layers: [
      layers.embedding({ inputDim: 4, outputDim: 3, maskZero: true, inputShape: [4] }),
      layers.lstm({ units: 2, returnSequences: true }),
      layers.timeDistributed(layers.dense({ units: 3, activation: 'softmax' })),
    ],
  });
  const r = seq.forwardWithMask([ids], { training: false });
  assert.deepEqual(r.output.shape, [2, 4, 3]);
  assert.ok(r.mask);
  assert.deepEqual(r.mask.shape, [2, 4]);
  assert.deepEqual(Array.from(r.mask.data), want);
  // forward (predictOnBatch) is unchanged: the same output values.
  assert.deepEqual(Array.from(seq.predictOnBatch(ids).data), Array.from(r.output.data));

  const x = input({ shape: [4], dtype: 'int32' });
  const h = layers.lstm({ units: 2, returnSequences: true }).apply(layers.embedding({ inputDim: 4, outputDim: 3, maskZero: true }).apply(x));
  const fn = model({ inputs: x, outputs: layers.dense({ units: 3, activation: 'softmax' }).apply(h) });
  const rf = fn.forwardWithMask([ids], { training: false });
  assert.ok(rf.mask);
  assert.deepEqual(Array.from(rf.mask.data), want);

  // No mask: without maskZero, or when the LSTM consumes it (returnSequences false).
  const plain = sequential({ layers: [layers.embedding({ inputDim: 4, outputDim: 3, inputShape: [4] }), layers.dense({ units: 2 })] });
  assert.equal(plain.forwardWithMask([ids], { training: false }).mask, null);
  const consumed = sequential({
    layers: [layers.embedding({ inputDim: 4, outputDim: 3, maskZero: true, inputShape: [4] }), layers.lstm({ units: 2 }), layers.dense({ units: 1 })],
  });
  assert.equal(consumed.forwardWithMask([ids], { training: false }).mask, null);
});

test('masked sparse CCE loss and accuracy by hand: Σ over unmasked steps / number of unmasked steps', () => {
  const m = sparseModel();
  const x = tensor(IDS, [3, 3], 'int32');
  const y = tensor(LABELS, [3, 3]);
  const { wl, wh, valid } = sparseByHand([0, 1, 2]);
  assert.equal(valid, 6);
  const ev = m.evaluate(x, y, { batchSize: 3 });
  near(ev.loss, wl / 6);
  near(ev.accuracy, wh / 6, 1e-12);
  // The masked steps matter: the plain mean over all 9 steps differs (loss and accuracy).
  let all = 0;
  let allHit = 0;
  IDS.forEach((row, b) => row.forEach((id, t) => {
    const p = probsOf(id);
    all += -Math.log(p[LABELS[b][t]]);
    allHit += argmax(p) === LABELS[b][t] ? 1 : 0;
  }));
  assert.ok(Math.abs(all / 9 - wl / 6) > 1e-2);
  assert.ok(Math.abs(allHit / 9 - wh / 6) > 1e-2);
  // Batches of 2: Keras' loss tracker weighs each batch's masked mean by the batch size.
  const b1 = sparseByHand([0, 1]);
  const b2 = sparseByHand([2]);
  const ev2 = m.evaluate(x, y, { batchSize: 2 });
  near(ev2.loss, (2 * (b1.wl / b1.valid) + 1 * (b2.wl / b2.valid)) / 3);
  near(ev2.accuracy, wh / 6, 1e-12); // the metric counts steps over the whole pass
  // trainOnBatch reports the same loss (before its update).
  near(m.trainOnBatch(x, y).loss, wl / 6);
});

test('masked MSE by hand: Σ_unmasked mean_d (p − t)² / number of unmasked steps, and the mse metric agrees', () => {
  const m = sequential({
    layers: [
      layers.embedding({ inputDim: 4, outputDim: 2, maskZero: true, inputShape: [3] }),
      layers.dense({ units: 2 }),
    ],
  });
  m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mse'] });
  const k = [[1, 2], [-1, 0.5]];
  const bias = [0.25, -0.5];
  m.setWeights([tensor(E), tensor(k), tensor(bias)]);
  const target = [[[1, 0], [0, 1], [2, 2]], [[0, 0], [1, -1], [0.5, 0.5]], [[3, 1], [9, 9], [-9, 9]]];
  let s = 0;
  let valid = 0;
  IDS.forEach((row, b) => row.forEach((id, t) => {
    if (id === 0) return;
    const p = [0, 1].map((j) => E[id][0] * k[0][j] + E[id][1] * k[1][j] + bias[j]);
    s += ((p[0] - target[b][t][0]) ** 2 + (p[1] - target[b][t][1]) ** 2) / 2;
    valid += 1;
  }));
  const ev = m.evaluate(tensor(IDS, [3, 3], 'int32'), tensor(target), { batchSize: 3 });
  near(ev.loss, s / valid);
  near(ev.mse, s / valid);
  // Changing a target at a masked step ([1, 2] is padding) changes nothing.
  const t2 = target.map((r) => r.map((v) => [...v]));
  t2[2][2] = [100, -100];
  assert.equal(m.evaluate(tensor(IDS, [3, 3], 'int32'), tensor(t2), { batchSize: 3 }).loss, ev.loss);
});

test('a fully masked row contributes nothing (loss, accuracy, update); a fully masked batch has loss 0 and leaves SGD weights as they are', () => {
  const x2 = tensor([IDS[0], IDS[1]], [2, 3], 'int32');
  const y2 = tensor([LABELS[0], LABELS[1]], [2, 3]);
  const x3 = tensor([IDS[0], IDS[1], [0, 0, 0]], [3, 3], 'int32');
  const y3 = tensor([LABELS[0], LABELS[1], [2, 2, 2]], [3, 3]);
  const a = sparseModel();
  const b = sparseModel();
  const ea = a.evaluate(x2, y2, { batchSize: 8 });
  const eb = b.evaluate(x3, y3, { batchSize: 8 });
  near(eb.loss, ea.loss, 1e-7);
  assert.equal(eb.accuracy, ea.accuracy);
  const { wl, valid } = sparseByHand([0, 1]);
  near(ea.loss, wl / valid);
  a.trainOnBatch(x2, y2);
  b.trainOnBatch(x3, y3);
  const wa = weightsOf(a);
  const wb = weightsOf(b);
  wa.forEach((w, i) => nearArrays(wb[i], w, 1e-7, `weight ${i}`));
  // The update did happen (the test can fail).
  assert.ok(Math.abs(wa[1][0] - W[0][0]) > 1e-4);

  const c = sparseModel();
  const before = weightsOf(c);
  const logs = c.trainOnBatch(tensor([[0, 0, 0], [0, 0, 0]], [2, 3], 'int32'), tensor([[1, 2, 0], [0, 1, 2]], [2, 3]));
  assert.equal(logs.loss, 0);
  assert.equal(logs.accuracy, 0); // nothing counted
  assert.deepEqual(weightsOf(c), before);
});

test('gradients: a label change at a masked step does not change the update (LSTM model); at an unmasked step it does', () => {
  setSeed(11);
  const make = (): Sequential => {
    const m = sequential({
      layers: [
        layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }),
        layers.lstm({ units: 3, returnSequences: true }),
        layers.timeDistributed(layers.dense({ units: 3, activation: 'softmax' })),
      ],
    });
    m.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    return m;
  };
  const m0 = make();
  const init = m0.getWeights();
  const x = tensor([[0, 0, 1, 2], [3, 4, 1, 0]], [2, 4], 'int32');
  const y = [[1, 2, 0, 1], [2, 0, 1, 1]];
  const train = (labels: number[][]): number[][] => {
    const m = make();
    m.setWeights(init);
    m.trainOnBatch(x, tensor(labels, [2, 4]));
    return weightsOf(m);
  };
  const ref = train(y);
  const masked = y.map((r) => [...r]);
  masked[0][0] = 0;
  masked[0][1] = 0;
  masked[1][3] = 2; // every masked step relabelled
  assert.deepEqual(train(masked), ref);
  const unmasked = y.map((r) => [...r]);
  unmasked[0][2] = 2; // an unmasked step
  const other = train(unmasked);
  assert.ok(other.some((w, i) => w.some((v, j) => v !== ref[i][j])));
});

test('LSTM model: masked loss and accuracy equal an independent computation from predictOnBatch; functional model agrees', () => {
  setSeed(5);
  const x = tensor([[0, 0, 1, 2, 3], [1, 2, 3, 4, 1], [0, 0, 0, 0, 4]], [3, 5], 'int32');
  const yv = [[0, 1, 2, 0, 1], [2, 2, 1, 0, 0], [1, 1, 1, 1, 2]];
  const seq = sequential({
    layers: [
      layers.embedding({ inputDim: 5, outputDim: 4, maskZero: true, inputShape: [5] }),
      layers.lstm({ units: 3, returnSequences: true }),
      layers.timeDistributed(layers.dense({ units: 3, activation: 'softmax' })),
    ],
  });
  seq.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const p = seq.predictOnBatch(x); // [3, 5, 3]
  let s = 0;
  let hit = 0;
  let valid = 0;
  for (let b = 0; b < 3; b++) {
    for (let t = 0; t < 5; t++) {
      if (x.data[b * 5 + t] === 0) continue;
      const row = Array.from(p.data.subarray((b * 5 + t) * 3, (b * 5 + t + 1) * 3));
      s += -Math.log(row[yv[b][t]]);
      hit += argmax(row) === yv[b][t] ? 1 : 0;
      valid += 1;
    }
  }
  const ev = seq.evaluate(x, tensor(yv), { batchSize: 3 });
  near(ev.loss, s / valid);
  near(ev.accuracy, hit / valid, 1e-12);

  const xi = input({ shape: [5], dtype: 'int32' });
  const emb = layers.embedding({ inputDim: 5, outputDim: 4, maskZero: true }).apply(xi);
  const h = layers.lstm({ units: 3, returnSequences: true }).apply(emb);
  const fn = model({ inputs: xi, outputs: layers.dense({ units: 3, activation: 'softmax' }).apply(h) });
  fn.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  fn.setWeights(seq.getWeights());
  const evf = fn.evaluate(x, tensor(yv), { batchSize: 3 });
  near(evf.loss, ev.loss, 1e-6);
  near(evf.accuracy, ev.accuracy, 1e-12);
});

test('mask combined with sampleWeight: loss Σ w_b·m·L / Σ m (not / Σ w·m), accuracy Σ w·m·hit / Σ w·m; [B, 1] the same', () => {
  const m = sparseModel();
  const x = tensor(IDS, [3, 3], 'int32');
  const y = tensor(LABELS, [3, 3]);
  const w = [2, 0.5, 3];
  const { wl, wh, valid, wsum } = sparseByHand([0, 1, 2], w);
  const ev = m.evaluate(x, y, { batchSize: 3, sampleWeight: w });
  near(ev.loss, wl / valid);
  assert.ok(Math.abs(wl / valid - wl / wsum) > 1e-2); // the divisor matters
  near(ev.accuracy, wh / wsum, 1e-12);
  const ev1 = m.evaluate(x, y, { batchSize: 3, sampleWeight: tensor(w, [3, 1]) });
  near(ev1.loss, ev.loss, 1e-12);
  near(ev1.accuracy, ev.accuracy, 1e-12);
  // A zero weight removes a row like a mask would, but the divisor still counts its unmasked steps.
  const ez = m.evaluate(x, y, { batchSize: 3, sampleWeight: [1, 1, 0] });
  const z = sparseByHand([0, 1]);
  near(ez.loss, z.wl / valid);
  near(ez.accuracy, z.wh / z.valid, 1e-12);

  // trainOnBatch: loss by hand, and the SGD step follows d(Σ w·m·L / Σ m): check the bias gradient.
  const logs = m.trainOnBatch(x, y, w);
  near(logs.loss, wl / valid);
  const db = [0, 0, 0];
  IDS.forEach((row, b) => row.forEach((id, t) => {
    if (id === 0) return;
    const p = probsOf(id);
    for (let j = 0; j < 3; j++) db[j] += (w[b] * (p[j] - (j === LABELS[b][t] ? 1 : 0))) / valid;
  }));
  const bias = m.getWeights()[2].data;
  for (let j = 0; j < 3; j++) near(bias[j], BIAS[j] - 0.5 * db[j], 1e-6);
});

test('fit with validationData on a masked model: val_loss and val_accuracy equal evaluate after training', async () => {
  const m = sparseModel(0.1);
  const x = tensor(IDS, [3, 3], 'int32');
  const y = tensor(LABELS, [3, 3]);
  const h = await m.fit(x, y, { epochs: 2, batchSize: 3, verbose: 0, shuffle: false, validationData: [x, y] });
  const ev = m.evaluate(x, y, { batchSize: 3 });
  near(h.history.val_loss.at(-1) as number, ev.loss, 1e-7);
  near(h.history.val_accuracy.at(-1) as number, ev.accuracy, 1e-12);
  // The training loss of the first epoch is the masked loss at the initial weights.
  near(h.history.loss[0], sparseByHand([0, 1, 2]).wl / 6);
});

// ---------------------------------------------------------------- the masked loss itself

test('maskedLoss: float64 gradcheck (sparse cce logits, cce, bce [B, T, 1], mse) with and without sample weights', () => {
  const mask = tensor([[1, 1, 0], [0, 1, 1]], [2, 3]);
  const cases: [string, LossFn, Tensor, Tensor][] = [
    ['sparse cce logits', losses.sparseCategoricalCrossentropy({ fromLogits: true }), tensor([[2, 0, 1], [1, 1, 0]], [2, 3], 'int32'),
      tensor([0.1, -0.4, 1, 2, 0.3, -1, 0, 0.5, 0.2, 0.3, 0.1, -0.2, 1, 1.5, -0.5, 0.2, 0.2, 0.7], [2, 3, 3], 'float64')],
    ['cce', losses.categoricalCrossentropy(), tensor([0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1], [2, 3, 3]),
      tensor([0.2, 0.5, 0.3, 0.1, 0.6, 0.3, 0.5, 0.25, 0.25, 0.3, 0.3, 0.4, 0.6, 0.2, 0.2, 0.1, 0.1, 0.8], [2, 3, 3], 'float64')],
    ['bce', losses.binaryCrossentropy(), tensor([1, 0, 1, 0, 1, 1], [2, 3, 1]), tensor([0.8, 0.3, 0.6, 0.4, 0.7, 0.55], [2, 3, 1], 'float64')],
    ['mse', losses.meanSquaredError(), tensor([1, 0, 2, 1, 0, 1, 3, 1, 0, 0, 1, 2], [2, 3, 2]),
      tensor([0.5, 0.1, 1, 2, -1, 0.4, 2, 0, 0.3, -0.2, 0.9, 1.1], [2, 3, 2], 'float64')],
  ];
  for (const [name, fn, yT, yP] of cases) {
    for (const sw of [null, tensor([2.5, 0.75])]) {
      const r = assertGradcheck((pred) => maskedLoss(fn, yT, pred, mask, sw), [yP]);
      assert.ok(r.checked > 0, name);
    }
  }
});

test('maskedLoss values: the Keras formula on a raw batch, all-ones mask = unmasked loss, all-zero mask = 0 with zero gradient', () => {
  const yT = tensor([1, 0, 2, 1, 0, 1], [2, 3, 1]);
  const yP = tensor([0.5, 0.1, 1, 2, -1, 0.4], [2, 3, 1]);
  const sq = [0.25, 0.01, 1, 1, 1, 0.36];
  const mask = tensor([[1, 0, 1], [1, 1, 0]]);
  const w = [3, 0.5];
  const want = (3 * (sq[0] + sq[2]) + 0.5 * (sq[3] + sq[4])) / 4;
  near(maskedLoss(losses.meanSquaredError(), yT, yP, mask, tensor(w)).item(), want);
  near(maskedLoss(losses.meanSquaredError(), yT, yP, mask).item(), (sq[0] + sq[2] + sq[3] + sq[4]) / 4);
  const ones = tensor([[1, 1, 1], [1, 1, 1]]);
  assert.equal(maskedLoss(losses.meanSquaredError(), yT, yP, ones).item(), losses.meanSquaredError()(yT, yP).item());
  near(maskedLoss(losses.meanSquaredError(), yT, yP, ones, tensor(w)).item(), weightedLoss(losses.meanSquaredError(), yT, yP, tensor(w)).item(), 1e-7);

  const p64 = tensor([0.5, 0.1, 1, 2, -1, 0.4], [2, 3, 1], 'float64');
  p64.requiresGrad = true;
  const zeros = tensor([[0, 0, 0], [0, 0, 0]]);
  const { tape, result } = record(() => maskedLoss(losses.meanSquaredError(), yT, p64, zeros));
  assert.equal(result.item(), 0);
  tape.backward(result);
  const g = tape.grad(p64);
  assert.ok(g);
  assert.deepEqual(Array.from(g), [0, 0, 0, 0, 0, 0]);
  tape.dispose();

  // The mask must be the output's shape without its last axis.
  assert.throws(() => maskedLoss(losses.meanSquaredError(), yT, yP, tensor([1, 1], [2])), ShapeError);
  assert.throws(() => maskedLoss(losses.meanSquaredError(), yT, yP, tensor([[1, 1], [1, 1]])), /without its last axis/);
});

// ---------------------------------------------------------------- unmasked models: exactly as before

/** The pre-mask trainStep on a fresh copy: loss = fn(y, yPred) (or weightedLoss), tape gradients, the optimizer's step. */
function oldStep(m: LayersModel, x: Tensor, y: Tensor, sw: Tensor | null): number {
  const c = m.requireCompiled('test');
  const { tape, result } = record(() => {
    const yPred = m.apply(x, { training: true }) as Tensor;
    return sw ? weightedLoss(c.lossFn, y, yPred, sw) : c.lossFn(y, yPred);
  });
  tape.backward(result);
  const pairs: GradPair[] = [];
  for (const v of m.weights) {
    const g = v.trainable ? tape.grad(v) : null;
    if (g) pairs.push({ variable: v, grad: g });
  }
  c.optimizer.applyGradients(pairs);
  const value = result.data[0];
  tape.dispose();
  return value;
}

test('models whose output has no mask train and evaluate bit-for-bit as before (plain, sampleWeight, mask consumed by the LSTM)', () => {
  const builds: [string, () => Sequential, Tensor, Tensor][] = [
    ['dense', () => sequential({ layers: [layers.dense({ units: 3, activation: 'tanh', inputShape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })] }),
      tensor([[1, 0], [0, 1], [2, 1], [-1, 0.5]]), tensor([[1], [0], [1], [0]])],
    ['lstm consumes the mask', () => sequential({
      layers: [layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }), layers.lstm({ units: 3 }), layers.dense({ units: 1, activation: 'sigmoid' })],
    }), tensor([[0, 0, 1, 2], [3, 4, 1, 1], [0, 2, 2, 3], [1, 0, 0, 4]], [4, 4], 'int32'), tensor([[1], [0], [1], [0]])],
  ];
  for (const [name, build, x, y] of builds) {
    for (const sw of [null, tensor([1, 2, 0.5, 3])]) {
      setSeed(21);
      const a = build();
      setSeed(21);
      const b = build();
      for (const m of [a, b]) m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      a.prepareInputs(x, 'test');
      b.prepareInputs(x, 'test');
      for (let step = 0; step < 3; step++) {
        const la = a.trainOnBatch(x, y, sw ?? undefined).loss;
        const lb = oldStep(b, x, y, sw);
        assert.equal(la, lb, `${name} loss, step ${step}`);
      }
      assert.deepEqual(weightsOf(a), weightsOf(b), name);
      // evaluate: one batch, loss·n/n as the evaluate loop sums it.
      const pred = a.predictOnBatch(x);
      const c = a.requireCompiled('test');
      const v = (sw ? weightedLoss(c.lossFn, y, pred, sw) : c.lossFn(y, pred)).item();
      assert.equal(a.evaluate(x, y, { batchSize: 4, sampleWeight: sw ?? undefined }).loss, (v * 4) / 4, name);
    }
  }
});
