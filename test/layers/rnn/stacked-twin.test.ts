import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferScope, layers, optimizers, sequential, setSeed, tensor, type Layer, type Tensor } from '../../../src/index.js';

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

test('a sequence kept from an earlier step is not read through a reused pooled buffer', () => {
  setSeed(4);
  const [Bq, Tq, Dq, Hq] = [16, 16, 3, 16]; // hSeq [T,B,H] = 4096 floats: pooled
  const first = layers.simpleRnn({ units: Hq, returnSequences: true });
  const second = layers.lstm({ units: 5 });
  const xa = tensor(Array.from({ length: Bq * Tq * Dq }, (_, i) => Math.sin(i)), [Bq, Tq, Dq]);
  const xb = tensor(Array.from({ length: Bq * Tq * Dq }, (_, i) => Math.cos(3 * i)), [Bq, Tq, Dq]);
  let kept: Tensor | null = null;
  bufferScope(() => {
    kept = first.apply(xa) as Tensor; // its time-major twin is a pooled buffer
  });
  const seq = kept as unknown as Tensor;
  const want = Array.from((second.apply(tensor(Array.from(seq.data), seq.shape)) as Tensor).data); // a copy: no twin
  let got: number[] = [];
  bufferScope(() => {
    first.apply(xb); // takes the same pooled buffer again and overwrites it
    got = Array.from((second.apply(seq) as Tensor).data);
  });
  assert.deepEqual(got, want);
});
