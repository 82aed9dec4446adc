import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, layers, optimizers, sequential, setSeed, tensor, type Optimizer, type Tensor } from '../../src/index.js';

const XOR_X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const XOR_Y = tensor([[0], [1], [1], [0]]);

function xorNet(optimizer: Optimizer | string) {
  setSeed(1);
  const m = sequential({
    layers: [layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

// Fixed seed (weights: setSeed(1), batches: seed 1), 300 full-batch epochs. The bounds are about twice
// the losses measured with the reference backend; the first-epoch loss is ln 2 ≈ 0.698 for all.
const CASES: [string, () => Optimizer, number][] = [
  ['sgd', () => optimizers.sgd({ learningRate: 0.5 }), 0.035],
  ['sgd + momentum', () => optimizers.sgd({ learningRate: 0.2, momentum: 0.9 }), 0.005],
  ['sgd + nesterov', () => optimizers.sgd({ learningRate: 0.2, momentum: 0.9, nesterov: true }), 0.005],
  ['rmsprop', () => optimizers.rmsprop({ learningRate: 0.01 }), 0.004],
  ['adam', () => optimizers.adam({ learningRate: 0.05 }), 0.002],
  ['adagrad', () => optimizers.adagrad({ learningRate: 0.3 }), 0.02],
];

for (const [name, make, bound] of CASES) {
  test(`2-layer Dense net learns XOR to 100% with ${name} (loss < ${bound})`, async () => {
    const m = xorNet(make());
    const h = await m.fit(XOR_X, XOR_Y, { epochs: 300, batchSize: 4, verbose: 0, seed: 1 });
    assert.ok(Math.abs(h.history.loss[0] - 0.698) < 0.01, `first loss ${h.history.loss[0]}`);
    const ev = m.evaluate(XOR_X, XOR_Y);
    assert.ok(ev.loss < bound, `${name}: final loss ${ev.loss} >= ${bound}`);
    assert.equal(ev.accuracy, 1);
    const p = m.predict(XOR_X);
    assert.deepEqual(Array.from(p.data).map((v) => (v > 0.5 ? 1 : 0)), [0, 1, 1, 0]);
  });
}

test('a linearly separable set (nested-array data) is learned to 100%', async () => {
  const rng = new Rng(0);
  const xs: number[][] = [];
  const ys: number[] = [];
  while (xs.length < 200) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    const s = a + 2 * b - 0.3;
    if (Math.abs(s) < 0.1) continue; // keep a margin
    xs.push([a, b]);
    ys.push(s > 0 ? 1 : 0);
  }
  setSeed(4);
  const m = sequential({ layers: [layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const h = await m.fit(xs, ys, { epochs: 60, batchSize: 20, verbose: 0, seed: 2 });
  assert.equal(h.history.accuracy.at(-1), 1);
  const ev = m.evaluate(xs, ys);
  assert.equal(ev.accuracy, 1);
  assert.ok(ev.loss < 0.1, `loss ${ev.loss}`);
  const p = m.predict(xs) as Tensor;
  assert.deepEqual(p.shape, [200, 1]);
});

test('softmax classifier with sparse labels and categorical one-hot labels', async () => {
  setSeed(9);
  const x = tensor([[1, 0], [0, 1], [-1, 0], [0, -1], [2, 0], [0, 2], [-2, 0], [0, -2]]);
  const ids = tensor([0, 1, 2, 3, 0, 1, 2, 3]);
  const m = sequential({ layers: [layers.dense({ units: 4, activation: 'softmax', inputShape: [2] })] });
  m.compile({ optimizer: optimizers.adam({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  const h = await m.fit(x, ids, { epochs: 100, batchSize: 8, verbose: 0 });
  assert.deepEqual(Object.keys(h.history), ['loss', 'acc']);
  assert.equal(h.history.acc.at(-1), 1);
  const m2 = sequential({ layers: [layers.dense({ units: 4, activation: 'softmax', inputShape: [2] })] });
  m2.compile({ optimizer: optimizers.adam({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const oneHot = tensor(Array.from(ids.data).flatMap((c) => [0, 1, 2, 3].map((k) => (k === c ? 1 : 0))), [8, 4]);
  const h2 = await m2.fit(x, oneHot, { epochs: 100, batchSize: 8, verbose: 0 });
  assert.equal(h2.history.accuracy.at(-1), 1);
});
