import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, optimizers, projectionTablesBuilt, sequential, setSeed, tensor, type LayersModel, type Tensor } from '../../src/index.js';

const V = 40;
const T = 6;
const N = 24; // N·T = 144 ≥ V: evaluate / predict over all N use the projection table

/** ids [N, T] in [0, V), with some zero (padding) ids at the start of rows. */
function ids(): Tensor {
  const d: number[] = [];
  for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) d.push(t < n % 3 ? 0 : (n * 7 + t * 13) % V);
  return tensor(d, [N, T], 'int32');
}

function labels(): Tensor {
  return tensor(Array.from({ length: N }, (_, n) => n % 2), [N, 1]);
}

/** Outputs batch by batch through predictOnBatch (no frozen-weights scope: the normal projection). */
function plainPredict(m: LayersModel, x: Tensor, batch: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < N; s += batch) {
    const rows = Math.min(batch, N - s);
    const xb = tensor(Array.from(x.data.subarray(s * T, (s + rows) * T)), [rows, T], 'int32');
    out.push(...Array.from(m.predictOnBatch(xb).data));
  }
  return out;
}

function close(a: number[], b: number[], where: string): void {
  assert.equal(a.length, b.length, where);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * (1 + Math.abs(b[i])), `${where}: [${i}] ${a[i]} vs ${b[i]}`);
}

const cases: [string, () => LayersModel][] = [
  ['LSTM', () => sequential({ layers: [layers.embedding({ inputDim: V, outputDim: 8, inputShape: [T] }), layers.lstm({ units: 5 }), layers.dense({ units: 1, activation: 'sigmoid' })] })],
  ['GRU resetAfter, masked', () => sequential({ layers: [layers.embedding({ inputDim: V, outputDim: 8, maskZero: true, inputShape: [T] }), layers.gru({ units: 5 }), layers.dense({ units: 1, activation: 'sigmoid' })] })],
  ['GRU resetAfter false, returnSequences', () => sequential({ layers: [layers.embedding({ inputDim: V, outputDim: 8, inputShape: [T] }), layers.gru({ units: 4, resetAfter: false, returnSequences: true }), layers.simpleRnn({ units: 3 }), layers.dense({ units: 1, activation: 'sigmoid' })] })],
  ['SimpleRNN goBackwards', () => sequential({ layers: [layers.embedding({ inputDim: V, outputDim: 8, inputShape: [T] }), layers.simpleRnn({ units: 5, goBackwards: true }), layers.dense({ units: 1, activation: 'sigmoid' })] })],
  ['Bidirectional LSTM, masked', () => sequential({ layers: [layers.embedding({ inputDim: V, outputDim: 8, maskZero: true, inputShape: [T] }), layers.bidirectional(layers.lstm({ units: 4 })), layers.dense({ units: 1, activation: 'sigmoid' })] })],
];

for (const [name, build] of cases) {
  test(`projection-table inference equals the plain path: ${name}`, async () => {
    setSeed(5);
    const m = build();
    m.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = ids();
    const y = labels();
    for (let round = 0; round < 2; round++) {
      const before = projectionTablesBuilt();
      const fast = Array.from(m.predict(x, { batchSize: 8 }).data);
      assert.ok(projectionTablesBuilt() > before, 'predict over N·T ≥ V rows builds a projection table');
      close(fast, plainPredict(m, x, 8), `${name} round ${round}`);
      const ev = m.evaluate(x, y, { batchSize: 8 });
      let bce = 0;
      fast.forEach((p, i) => {
        const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
        bce -= y.data[i] === 1 ? Math.log(q) : Math.log(1 - q);
      });
      assert.ok(Math.abs(ev.loss - bce / N) < 1e-5, `${name}: evaluate loss ${ev.loss} vs ${bce / N}`);
      await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 }); // weights change: the next round must not reuse old tables
    }
  });
}

test('a call too short for the table (samples·T < V) and training never use it', async () => {
  setSeed(2);
  const m = cases[0][1]();
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const x = ids();
  const before = projectionTablesBuilt();
  m.predict(tensor(Array.from(x.data.subarray(0, 3 * T)), [3, T], 'int32')); // 3·6 = 18 < 40
  await m.fit(x, labels(), { epochs: 1, batchSize: 8, verbose: 0 });
  assert.equal(projectionTablesBuilt(), before);
});
