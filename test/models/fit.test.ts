import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Callback, NonFiniteLossError, ShapeError, ValueError, earlyStopping, lambdaCallback, layers, optimizers, sequential, setSeed, tensor,
  type Logs, type Tensor, type TrainParams,
} from '../../src/index.js';

/** y = 2·x0 − x1 + 0.5 on 10 rows; row i has x = [i/10, (i % 3)/3]. */
function data(n = 10): { x: Tensor; y: Tensor } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = i / 10;
    const b = (i % 3) / 3;
    xs.push(a, b);
    ys.push(2 * a - b + 0.5);
  }
  return { x: tensor(xs, [n, 2]), y: tensor(ys, [n, 1]) };
}

function linear(lr = 0.1) {
  const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'mse', metrics: ['mae'] });
  return m;
}

test('fit/evaluate/predict shapes and history keys (loss, metric, val_ ones)', async () => {
  const { x, y } = data();
  const m = linear();
  const h = await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, validationData: [x, y] });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  assert.deepEqual(Object.keys(h.history).sort(), ['loss', 'mae', 'val_loss', 'val_mae']);
  assert.equal(h.history.loss.length, 3);
  const ev = m.evaluate(x, y, { batchSize: 3 });
  assert.deepEqual(Object.keys(ev), ['loss', 'mae']);
  assert.ok(Math.abs(ev.loss - h.history.val_loss[2]) < 1e-6);
  const p = m.predict(x, { batchSize: 3 });
  assert.deepEqual(p.shape, [10, 1]);
  // evaluate's loss is the mse of predict's outputs
  let se = 0;
  for (let i = 0; i < 10; i++) se += (p.data[i] - y.data[i]) ** 2;
  assert.ok(Math.abs(se / 10 - ev.loss) < 1e-6);
  const one = m.trainOnBatch(x, y);
  assert.deepEqual(Object.keys(one), ['loss', 'mae']);
});

test('the epoch loss is the sample-weighted mean of the batch losses (weights changing in between)', async () => {
  const { x, y } = data();
  const m = linear(0);
  const batchLosses: number[] = [];
  const h = await m.fit(x, y, {
    epochs: 1, batchSize: 4, shuffle: false, verbose: 0,
    callbacks: [lambdaCallback({ onBatchEnd: (_b, logs) => void batchLosses.push(logs.loss) })],
  });
  // lr = 0: weights fixed, so the epoch loss equals evaluate's
  assert.ok(Math.abs(h.history.loss[0] - m.evaluate(x, y).loss) < 1e-6);
  assert.equal(batchLosses.length, 3);
  assert.ok(Math.abs(batchLosses[2] - h.history.loss[0]) < 1e-9);
});

test('validationSplit holds out the last fraction before shuffling', async () => {
  const { x, y } = data();
  const m = linear(0);
  let params: TrainParams | null = null;
  const h = await m.fit(x, y, {
    epochs: 1, batchSize: 3, validationSplit: 0.2, verbose: 0,
    callbacks: [lambdaCallback({ onTrainBegin() { params = (this as unknown as Callback).params; } })],
  });
  assert.equal((params as TrainParams | null)?.samples, 8);
  assert.equal((params as TrainParams | null)?.steps, 3);
  const lastTwo = { x: tensor(Array.from(x.data.slice(16)), [2, 2]), y: tensor(Array.from(y.data.slice(8)), [2, 1]) };
  const firstEight = { x: tensor(Array.from(x.data.slice(0, 16)), [8, 2]), y: tensor(Array.from(y.data.slice(0, 8)), [8, 1]) };
  assert.ok(Math.abs(h.history.val_loss[0] - m.evaluate(lastTwo.x, lastTwo.y).loss) < 1e-6);
  assert.ok(Math.abs(h.history.loss[0] - m.evaluate(firstEight.x, firstEight.y).loss) < 1e-6);
  await assert.rejects(m.fit(x, y, { validationSplit: 1.5, verbose: 0 }), /validationSplit must be in \(0, 1\)/);
  await assert.rejects(m.fit(x, y, { validationSplit: 0.95, verbose: 0 }), /leaves 0 for training and 10 for validation/);
});

test('same seed gives identical weights after fit (dropout + shuffling); another seed differs', async () => {
  const run = async (seed: number): Promise<number[]> => {
    setSeed(5);
    const m = sequential({ layers: [
      layers.dense({ units: 6, activation: 'relu', inputShape: [2] }), layers.dropout({ rate: 0.3 }), layers.dense({ units: 1 }),
    ] });
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const { x, y } = data(30);
    await m.fit(x, y, { epochs: 3, batchSize: 7, verbose: 0, seed });
    return m.getWeights().flatMap((w) => Array.from(w.data));
  };
  const a = await run(3);
  const b = await run(3);
  const c = await run(4);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('a NaN loss stops fit at that batch, naming epoch, batch and the last finite loss; weights untouched by it', async () => {
  const { x } = data();
  const ys = Array.from({ length: 10 }, (_, i) => [i === 5 ? NaN : 1]);
  const m = linear();
  let batches = 0;
  let before: number[] = [];
  const cb = lambdaCallback({ onBatchEnd: () => { batches++; before = m.getWeights().flatMap((w) => Array.from(w.data)); } });
  await assert.rejects(
    m.fit(x, ys, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0, callbacks: [cb] }),
    (e: Error) => e instanceof NonFiniteLossError && /loss is NaN at epoch 1\/3, batch 3\/5; the last finite loss was [0-9.e-]+ \(epoch 1, batch 2\)/.test(e.message),
  );
  assert.equal(batches, 2);
  assert.deepEqual(m.getWeights().flatMap((w) => Array.from(w.data)), before);
});

test('labels of the wrong shape or count, and missing compile, are clear errors', async () => {
  const { x, y } = data();
  const m = linear();
  await assert.rejects(m.fit(x, tensor(Array.from({ length: 20 }, () => 0), [10, 2]), { verbose: 0 }),
    (e: Error) => e instanceof ShapeError && /labels have shape \[10, 2\], but the model's output is \[\?, 1\].*expected labels of shape \[10, 1\]/.test(e.message));
  await assert.rejects(m.fit(x, tensor(Array.from({ length: 9 }, () => 0), [9, 1]), { verbose: 0 }), /10 samples but labels have 9/);
  await assert.rejects(m.fit(tensor([[1, 2, 3]]), tensor([[1]]), { verbose: 0 }), /expected shape \[\?, 2\], got \[1, 3\]/);
  // [N] labels for an [N, 1] output are accepted
  await m.fit(x, tensor(Array.from(y.data)), { verbose: 0 });
  const c = sequential({ layers: [layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
  c.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  await assert.rejects(c.fit(x, tensor(Array.from({ length: 10 }, () => 1)), { verbose: 0 }), /use loss 'sparseCategoricalCrossentropy'/);
  const u = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  await assert.rejects(u.fit(x, y, { verbose: 0 }), /must be compiled first/);
  assert.throws(() => u.compile({ optimizer: 'nope', loss: 'mse' }), ValueError);
  assert.throws(() => u.compile({ optimizer: 'sgd', loss: 'nope' }), /Unknown loss 'nope'/);
});

test('earlyStopping stops after patience epochs without improvement', async () => {
  const { x, y } = data();
  const m = linear(0); // lr 0: the loss never improves after epoch 0
  const h = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [earlyStopping({ monitor: 'loss', patience: 2 })] });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  const h0 = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [earlyStopping({ monitor: 'loss' })] });
  assert.equal(h0.epoch.length, 2);
  const improving = linear(0.1);
  const h2 = await improving.fit(x, y, { epochs: 6, verbose: 0, validationData: [x, y], callbacks: [earlyStopping({ patience: 1 })] });
  assert.equal(h2.epoch.length, 6);
});

test('earlyStopping restoreBestWeights restores the best epoch; mode auto maximises accuracies', async () => {
  const { x, y } = data();
  const m = linear(0.05);
  const values = [3, 1, 2, 4, 5, 6];
  const snapshots: number[][] = [];
  const es = earlyStopping({ monitor: 'custom', patience: 2, restoreBestWeights: true });
  assert.equal(earlyStopping({ monitor: 'val_accuracy' }).mode, 'max');
  assert.equal(es.mode, 'min');
  const h = await m.fit(x, y, {
    epochs: 6, verbose: 0, callbacks: [
      lambdaCallback({ onEpochEnd: (epoch: number, logs: Logs) => {
        logs.custom = values[epoch];
        snapshots.push(m.getWeights().flatMap((w) => Array.from(w.data)));
      } }),
      es,
    ],
  });
  assert.deepEqual(h.epoch, [0, 1, 2, 3]);
  assert.deepEqual(h.history.custom, [3, 1, 2, 4]);
  assert.equal(es.bestEpoch, 1);
  assert.deepEqual(m.getWeights().flatMap((w) => Array.from(w.data)), snapshots[1]);
  assert.notDeepEqual(snapshots[3], snapshots[1]);
});

test('callbacks see hooks in Keras order; verbose 2 prints one line per epoch', async () => {
  const { x, y } = data();
  const m = linear();
  const events: string[] = [];
  class Recorder extends Callback {
    onTrainBegin(): void { events.push('trainBegin'); }
    onEpochBegin(e: number): void { events.push(`epochBegin ${e}`); }
    onBatchEnd(b: number): void { events.push(`batchEnd ${b}`); }
    onEpochEnd(e: number, logs: Logs): void { events.push(`epochEnd ${e} ${Object.keys(logs).join(',')}`); }
    onTrainEnd(): void { events.push('trainEnd'); }
  }
  const lines: string[] = [];
  const orig = console.log;
  console.log = (s: unknown) => void lines.push(String(s));
  try {
    await m.fit(x, y, { epochs: 2, batchSize: 5, verbose: 2, callbacks: new Recorder(), initialEpoch: 0 });
  } finally {
    console.log = orig;
  }
  assert.deepEqual(events, [
    'trainBegin', 'epochBegin 0', 'batchEnd 0', 'batchEnd 1', 'epochEnd 0 loss,mae', 'epochBegin 1', 'batchEnd 0', 'batchEnd 1', 'epochEnd 1 loss,mae', 'trainEnd',
  ]);
  assert.equal(lines.length, 4);
  assert.equal(lines[0], 'Epoch 1/2');
  assert.match(lines[1], /^2\/2 - \d+s - \d+(us|ms)\/step - loss: \d\.\d{4} - mae: \d\.\d{4}$/);
  assert.equal(lines[2], 'Epoch 2/2');
});
