import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, layers, optimizers, sequential, setSeed, tensor, type Layer, type Tensor } from '../../../src/index.js';
import { oneHotColumns } from '../../../src/layers/rnn/fused/layout.js';

test('oneHotColumns: the column of each row\'s 1, or null for anything else', () => {
  assert.deepEqual(Array.from(oneHotColumns(Float32Array.from([0, 1, 0, 1, 0, 0]), 2, 3) ?? []), [1, 0]);
  assert.equal(oneHotColumns(Float32Array.from([0, 1, 1, 1, 0, 0]), 2, 3), null); // two 1s in a row
  assert.equal(oneHotColumns(Float32Array.from([0, 1, 0, 0, 0, 0]), 2, 3), null); // an all-zero row
  assert.equal(oneHotColumns(Float32Array.from([0, 0.5, 0, 1, 0, 0]), 2, 3), null); // not 0/1
  assert.equal(oneHotColumns(Float32Array.from([0, 2, 0, 1, 0, 0]), 2, 3), null);
  assert.equal(oneHotColumns(new Float32Array(0), 0, 3), null);
});

const B = 5;
const T = 6;
const V = 7;

function oneHot(): Tensor {
  const d: number[] = [];
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) d.push(v === (b * 3 + t * 5) % V ? 1 : 0);
  return tensor(d, [B, T, V]);
}

/** A model on one-hot input, fused (the row-lookup projection) or composed (the per-step oracle). */
function model(make: (impl: 'fused' | 'composed') => Layer, impl: 'fused' | 'composed') {
  setSeed(21);
  const m = sequential({ layers: [make(impl), layers.dense({ units: V })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: 0.3 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

const cells: [string, (impl: 'fused' | 'composed') => Layer][] = [
  ['LSTM', (implementation) => layers.lstm({ units: 8, inputShape: [T, V], implementation })],
  ['GRU resetAfter', (implementation) => layers.gru({ units: 8, inputShape: [T, V], implementation })],
  ['GRU resetAfter false, goBackwards', (implementation) => layers.gru({ units: 8, resetAfter: false, goBackwards: true, inputShape: [T, V], implementation })],
  ['SimpleRNN without bias', (implementation) => layers.simpleRnn({ units: 8, useBias: false, inputShape: [T, V], implementation })],
];

for (const [name, make] of cells) {
  test(`one-hot input: the fused row-lookup projection trains like the composed per-step graph (${name})`, () => {
    const x = oneHot();
    const y = tensor(Array.from({ length: B }, (_, b) => (b * 2) % V), [B, 1]);
    const fused = model(make, 'fused');
    const composed = model(make, 'composed');
    const be = getBackend();
    const saved = { simple: be.simpleRnnSeqForward, lstm: be.lstmSeqForward, gru: be.gruSeqForward };
    const scatterAdd = be.scatterAdd;
    let lookups = 0; // forward kernels that read the projection as table rows (an Int32Array of ids)
    let scatters = 0;
    const counted = <A extends unknown[]>(f: (...a: A) => void) => (...a: A): void => {
      if (a.some((v) => v instanceof Int32Array)) lookups++;
      f(...a);
    };
    be.simpleRnnSeqForward = counted(saved.simple);
    be.lstmSeqForward = counted(saved.lstm);
    be.gruSeqForward = counted(saved.gru);
    be.scatterAdd = (...a) => { scatters++; scatterAdd(...a); };
    try {
      for (let s = 0; s < 3; s++) {
        const lf = fused.trainOnBatch(x, y).loss;
        const lc = composed.trainOnBatch(x, y).loss;
        assert.ok(Math.abs(lf - lc) <= 1e-5 * (1 + Math.abs(lc)), `${name} step ${s}: ${lf} vs ${lc}`);
      }
    } finally {
      be.simpleRnnSeqForward = saved.simple;
      be.lstmSeqForward = saved.lstm;
      be.gruSeqForward = saved.gru;
      be.scatterAdd = scatterAdd;
    }
    assert.ok(lookups >= 3 && scatters >= 3, `the fused path looked rows up (${lookups} table forwards, ${scatters} scatter-adds)`);
    fused.getWeights().forEach((w, i) => {
      const c = composed.getWeights()[i].data;
      w.data.forEach((v, j) => assert.ok(Math.abs(v - c[j]) <= 1e-5 * (1 + Math.abs(c[j])), `${name} weight ${i}[${j}]: ${v} vs ${c[j]}`));
    });
  });
}
