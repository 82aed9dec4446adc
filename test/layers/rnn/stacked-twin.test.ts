import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, optimizers, sequential, setSeed, tensor, type Layer } from '../../../src/index.js';

const B = 6;
const T = 7;
const D = 5;
const H = 4;

/** Two stacked recurrent layers, directly or with a reshape between them (a new tensor: no time-major twin). */
function model(make: () => Layer[], between: boolean) {
  setSeed(9);
  const [first, second] = make();
  const mid = between ? [layers.reshape({ targetShape: [T, H] })] : [];
  const m = sequential({ layers: [first, ...mid, second, layers.dense({ units: 1 })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'mse' });
  return m;
}

const stacks: [string, () => Layer[]][] = [
  ['SimpleRNN -> LSTM', () => [layers.simpleRnn({ units: H, returnSequences: true, inputShape: [T, D] }), layers.lstm({ units: 3 })]],
  ['LSTM (goBackwards) -> GRU', () => [layers.lstm({ units: H, returnSequences: true, goBackwards: true, inputShape: [T, D] }), layers.gru({ units: 3 })]],
  ['LSTM -> LSTM (goBackwards)', () => [layers.lstm({ units: H, returnSequences: true, inputShape: [T, D] }), layers.lstm({ units: 3, goBackwards: true })]],
  ['GRU -> SimpleRNN (returnSequences)', () => [layers.gru({ units: H, returnSequences: true, inputShape: [T, D] }), layers.simpleRnn({ units: 3, returnSequences: true })]],
];

for (const [name, make] of stacks) {
  test(`stacked ${name}: reading the first layer's time-major output directly equals transposing it back`, () => {
    const x = tensor(Array.from({ length: B * T * D }, (_, i) => Math.sin(i * 0.61)), [B, T, D]);
    const yShape = name.endsWith('(returnSequences)') ? [B, T, 1] : [B, 1];
    const y = tensor(Array.from({ length: yShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i)), yShape);
    const direct = model(make, false);
    const viaCopy = model(make, true);
    assert.deepEqual(Array.from(direct.predict(x).data), Array.from(viaCopy.predict(x).data));
    for (let s = 0; s < 2; s++) assert.equal(direct.trainOnBatch(x, y).loss, viaCopy.trainOnBatch(x, y).loss);
    direct.getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.data), Array.from(viaCopy.getWeights()[i].data)));
  });
}
